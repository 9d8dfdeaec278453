import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../../electron/core/images/boundedPool.js';

/** A lazy source that records how far it has been read. */
function countingSource(n: number) {
  const state = { pulled: 0, closed: false };
  async function* source() {
    try {
      for (let i = 0; i < n; i++) {
        state.pulled++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: source() };
}

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('forEachBounded', () => {
  it('keeps at most `limit` items in flight and reads the source no further ahead than that', async () => {
    const { state, source } = countingSource(50);
    let inFlight = 0;
    let peak = 0;
    let worstLead = 0;
    let finished = 0;
    await forEachBounded(source, 3, async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      worstLead = Math.max(worstLead, state.pulled - finished);
      await tick();
      inFlight--;
      finished++;
    });
    expect(peak).toBe(3);
    expect(worstLead).toBeLessThanOrEqual(3);
    expect(finished).toBe(50);
  });

  it('stops taking items once aborted, waits for those in flight, and closes the source', async () => {
    const { state, source } = countingSource(100);
    const controller = new AbortController();
    const done: number[] = [];
    await forEachBounded(
      source,
      2,
      async (i) => {
        if (i === 4) controller.abort();
        await tick();
        done.push(i);
      },
      controller.signal,
    );
    expect(done.length).toBeGreaterThanOrEqual(5);
    expect(done.length).toBeLessThanOrEqual(6);
    expect(state.pulled).toBe(done.length);
    expect(state.closed).toBe(true);
  });

  it('rethrows the first error after the other items in flight settle', async () => {
    const { state, source } = countingSource(100);
    const settled: number[] = [];
    const run = forEachBounded(source, 2, async (i) => {
      await tick(i === 1 ? 5 : 1);
      if (i === 2) throw new Error('boom at 2');
      settled.push(i);
    });
    await expect(run).rejects.toThrow('boom at 2');
    expect(settled).toContain(1);
    expect(state.pulled).toBeLessThan(10);
    expect(state.closed).toBe(true);
  });
});
