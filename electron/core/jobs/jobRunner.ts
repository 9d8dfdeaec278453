import { randomUUID } from 'node:crypto';
import { FaultlineError, isFaultlineError } from '../../../shared/contract/errors.js';
import type { JobInfo } from '../../../shared/contract/domain.js';
import type { EventBus } from '../events/eventBus.js';

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
export class JobRunner {
  private readonly jobs = new Map<string, { info: JobInfo; controller: AbortController; done: Promise<unknown> }>();

  constructor(private readonly bus: EventBus) {}

  start<T>(kind: string, work: (ctx: JobContext) => Promise<T>): { jobId: string; done: Promise<T> } {
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
    const done = (async () => {
      emit(true);
      try {
        const result = await work(ctx);
        info.state = controller.signal.aborted ? 'cancelled' : 'done';
        return result;
      } catch (error) {
        const cancelled = controller.signal.aborted || (isFaultlineError(error) && error.code === 'cancelled');
        info.state = cancelled ? 'cancelled' : 'failed';
        info.error = cancelled ? null : error instanceof Error ? error.message : String(error);
        throw error;
      } finally {
        emit(true);
        this.prune();
      }
    })();
    done.catch(() => undefined);
    this.jobs.set(jobId, { info, controller, done });
    return { jobId, done };
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

  /** Cancels everything still running and waits for it to stop (project close, shutdown). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.info.state === 'running');
    for (const job of running) job.controller.abort();
    await Promise.allSettled(running.map((j) => j.done));
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.info.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
