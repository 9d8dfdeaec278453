import { randomUUID } from 'node:crypto';
import { FaultlineError, isFaultlineError, type WireError } from '../../../shared/contract/errors.js';
import type { JobInfo, JobKind } from '../../../shared/contract/domain.js';
import type { JobOutcome } from '../../../shared/contract/jobResults.js';
import type { EventBus } from '../events/eventBus.js';
import { systemError } from '../../platform/systemErrors.js';
import { untilWorkersRetired } from '../workers/workerChannel.js';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; cheap to call often (events are throttled). */
  progress(done: number, total: number | null, message?: string): void;
  /** Throws a `cancelled` error when the user cancelled; call between units of work. */
  throwIfCancelled(): void;
}

const EMIT_INTERVAL_MS = 100;
const KEEP_FINISHED = 50;

/**
 * Long work (import, inference, mining, scoring) runs as a job: it reports progress as events,
 * can be cancelled, and its outcome stays visible after it ends.
 */
interface Job {
  info: JobInfo;
  controller: AbortController;
  done: Promise<unknown>;
  /** Kept when the job ends, for `jobs.wait`; checked against the kind's schema when it is handed out. */
  result: unknown;
  error: WireError | null;
}

export class JobRunner {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly bus: EventBus) {}

  /** Starts work as a job of a contract kind; `startJob` (startJob.ts) is how handlers call it, typed by the kind's result. */
  start<T>(kind: JobKind, work: (ctx: JobContext) => Promise<T>): { jobId: string; done: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const info: JobInfo = { jobId, kind, state: 'running', done: 0, total: null, message: '', error: null, startedAt: new Date().toISOString() };
    let lastEmit = 0;
    const emit = (force: boolean): void => {
      const now = Date.now();
      if (!force && now - lastEmit < EMIT_INTERVAL_MS) return;
      lastEmit = now;
      this.bus.emit('job.progress', { jobId, kind, done: info.done, total: info.total, message: info.message, state: info.state });
    };
    const ctx: JobContext = {
      signal: controller.signal,
      progress(done, total, message) {
        info.done = done;
        info.total = total;
        if (message !== undefined) info.message = message;
        emit(false);
      },
      throwIfCancelled() {
        if (controller.signal.aborted) throw new FaultlineError('cancelled', `${kind} was cancelled.`);
      },
    };
    const job: Job = { info, controller, done: Promise.resolve(), result: null, error: null };
    const done = (async () => {
      emit(true);
      try {
        const result = await work(ctx);
        info.state = controller.signal.aborted ? 'cancelled' : 'done';
        job.result = result;
        return result;
      } catch (thrown) {
        const error = systemError(thrown) ?? thrown;
        const cancelled = controller.signal.aborted || (isFaultlineError(error) && error.code === 'cancelled');
        info.state = cancelled ? 'cancelled' : 'failed';
        info.error = cancelled ? null : error instanceof Error ? error.message : String(error);
        if (info.error !== null) job.error = { code: isFaultlineError(error) ? error.code : 'internal', message: info.error };
        throw error;
      } finally {
        emit(true);
        this.prune();
      }
    })();
    done.catch(() => undefined);
    job.done = done;
    this.jobs.set(jobId, job);
    return { jobId, done };
  }

  /**
   * Resolves when the job ends, with its state, error and result (at once for an ended job still
   * kept). The result is unchecked here: the contract's output schema checks it per kind.
   */
  async wait(jobId: string): Promise<JobOutcome> {
    const job = this.jobs.get(jobId);
    if (!job) throw new FaultlineError('not_found', `There is no job ${jobId} (it never ran here, or ended long ago).`);
    await job.done.catch(() => undefined);
    const { kind, state } = job.info;
    return { jobId, kind, state, error: job.error, result: job.result } as JobOutcome;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.info.state !== 'running') return false;
    job.controller.abort();
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  /**
   * Cancels everything still running and waits for it to stop (project close, shutdown), workers
   * still finishing a run after their job was reported cancelled included.
   */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.info.state === 'running');
    for (const job of running) job.controller.abort();
    await Promise.allSettled(running.map((j) => j.done));
    await untilWorkersRetired();
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.info.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
