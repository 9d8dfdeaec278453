import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/core/events/eventBus.js';
import { JobRunner } from '../../../electron/core/jobs/jobRunner.js';
import { startJob } from '../../../electron/core/jobs/startJob.js';
import { JobKind } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { JobOutcome, jobResults } from '../../../shared/contract/jobResults.js';

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
    const { jobId, done } = jobs.start('evaluation', async (ctx) => {
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
    const { jobId, done } = jobs.start('mining', async (ctx) => {
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
    const { jobId, done } = jobs.start('export', async () => {
      throw new Error('disk full');
    });
    await expect(done).rejects.toThrow('disk full');
    expect(jobs.list().find((j) => j.jobId === jobId)).toMatchObject({ state: 'failed', error: 'disk full' });
  });

  it('hands out the result of an ended job, and waits for a running one', async () => {
    const jobs = new JobRunner(new EventBus());
    let finish: (value: { format: 'voc'; out: string; splits: [] }) => void = () => undefined;
    const { jobId } = jobs.start('export', () => new Promise((resolve) => (finish = resolve)));
    const waiting = jobs.wait(jobId);
    finish({ format: 'voc', out: '/x', splits: [] });
    expect(await waiting).toEqual({ jobId, kind: 'export', state: 'done', error: null, result: { format: 'voc', out: '/x', splits: [] } });
    expect(await jobs.wait(jobId)).toMatchObject({ state: 'done', result: { out: '/x' } });
    const failed = jobs.start('errors', async () => {
      throw new FaultlineError('not_found', 'There is no model 9.');
    });
    await failed.done.catch(() => undefined);
    expect(await jobs.wait(failed.jobId)).toMatchObject({ state: 'failed', error: { code: 'not_found', message: 'There is no model 9.' }, result: null });
    await expect(jobs.wait('no-such-job')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses before a job exists when the plan is refused or the same kind is running', async () => {
    const jobs = new JobRunner(new EventBus());
    expect(() =>
      startJob(jobs, 'mining', () => {
        throw new FaultlineError('invalid_input', 'bad request');
      }, async () => ({ setId: 1, roundId: 1, strategy: 'mad' as const, size: 0, poolImages: 0, s0Masks: 0, boundsSource: null, discrepanciesComputed: 0 })),
    ).toThrow('bad request');
    expect(jobs.list()).toEqual([]);
    let release = (): void => undefined;
    const first = startJob(jobs, 'evaluation', () => 2, () => new Promise<[]>((resolve) => (release = () => resolve([]))), { exclusiveOf: ['evaluation'], busy: 'busy' });
    expect(() => startJob(jobs, 'evaluation', () => 3, async () => [], { exclusiveOf: ['evaluation'], busy: 'busy' })).toThrow('busy');
    expect(first.plan).toBe(2);
    release();
    await first.done;
    expect(jobs.list()).toHaveLength(1);
  });

  it('gives every job kind a result schema and an outcome jobs.wait can hand out', () => {
    expect(Object.keys(jobResults).sort()).toEqual([...JobKind.options].sort());
    expect(JobOutcome.options.map((o) => o.shape.kind.value).sort()).toEqual([...JobKind.options].sort());
  });
});
