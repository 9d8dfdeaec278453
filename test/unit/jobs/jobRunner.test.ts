import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/core/events/eventBus.js';
import { JobRunner } from '../../../electron/core/jobs/jobRunner.js';

function recorder() {
  const bus = new EventBus();
  const events: Array<{ state: string; done: number; total: number | null }> = [];
  bus.subscribe((name, payload) => {
    if (name === 'job.progress') events.push(payload as { state: string; done: number; total: number | null });
  });
  return { bus, events };
}

describe('job runner', () => {
  it('reports start, progress and completion, and returns the result', async () => {
    const { bus, events } = recorder();
    const jobs = new JobRunner(bus);
    const { jobId, done } = jobs.start('count', async (ctx) => {
      ctx.progress(5, 10, 'halfway');
      return 42;
    });
    expect(await done).toBe(42);
    expect(events[0]).toMatchObject({ state: 'running', done: 0 });
    expect(events.at(-1)).toMatchObject({ state: 'done', done: 5, total: 10 });
    expect(jobs.list().find((j) => j.jobId === jobId)).toMatchObject({ state: 'done', message: 'halfway' });
  });

  it('cancels a running job at its next checkpoint', async () => {
    const { bus, events } = recorder();
    const jobs = new JobRunner(bus);
    let steps = 0;
    const { jobId, done } = jobs.start('loop', async (ctx) => {
      for (;;) {
        ctx.throwIfCancelled();
        steps++;
        await new Promise((r) => setTimeout(r, 1));
      }
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(jobs.cancel(jobId)).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'cancelled' });
    expect(steps).toBeGreaterThan(0);
    expect(events.at(-1)?.state).toBe('cancelled');
    expect(jobs.cancel(jobId)).toBe(false);
  });

  it('records a failure with its message', async () => {
    const jobs = new JobRunner(new EventBus());
    const { jobId, done } = jobs.start('broken', async () => {
      throw new Error('disk full');
    });
    await expect(done).rejects.toThrow('disk full');
    expect(jobs.list().find((j) => j.jobId === jobId)).toMatchObject({ state: 'failed', error: 'disk full' });
  });
});
