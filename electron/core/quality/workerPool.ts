import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { WorkerSourceSpec } from '../../../shared/quality/batchSource.js';
import type { PassPartial, PassPlan, SearchConfig } from '../../../shared/quality/passPlan.js';
import type { WorkerReply, WorkerRequest } from './workerProtocol.js';

/** A contiguous run of images one worker handles in one pass. */
export interface PoolTask {
  readonly start: number;
  readonly end: number;
  readonly tieQuota: number;
}

export interface PoolPass {
  readonly sourceId: number;
  readonly source: WorkerSourceSpec;
  readonly config: SearchConfig;
  readonly plan: PassPlan;
  readonly tasks: readonly PoolTask[];
  readonly batchSize: number;
}

export interface PoolHooks {
  readonly signal?: AbortSignal;
  readonly onTaskDone?: (images: number) => void;
}

/** Splits [0, imageCount) into `count` contiguous tasks of nearly equal size. */
export function splitImages(imageCount: number, count: number): { start: number; end: number }[] {
  const tasks = Math.max(1, Math.min(imageCount, count));
  return Array.from({ length: tasks }, (_, t) => ({
    start: Math.floor((t * imageCount) / tasks),
    end: Math.floor(((t + 1) * imageCount) / tasks),
  }));
}

/**
 * A small pool of worker threads for label-quality passes. Workers open the images themselves (by a
 * module URL and parameters), pull tasks as they become idle and send back partial results, which come
 * back in task order whatever order they finished in. Cancellation goes through a shared flag that the
 * workers read between batches, so an abort stops them within one batch and the pool stays usable.
 */
export class QualityWorkerPool {
  readonly size: number;
  private readonly workers: Worker[];
  private readonly cancelFlag: Int32Array;
  private running = false;
  private broken: FaultlineError | null = null;
  private closed = false;

  private constructor(size: number) {
    this.size = size;
    this.cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    this.workers = Array.from({ length: size }, () => spawnWorker(this.cancelFlag.buffer as SharedArrayBuffer));
    for (const worker of this.workers) {
      worker.on('error', (error) => {
        this.broken ??= new FaultlineError('internal', `a label-quality worker failed: ${error.message}`);
      });
    }
  }

  static create(size: number): QualityWorkerPool {
    if (!Number.isInteger(size) || size < 1) throw new FaultlineError('invalid_input', `the worker count must be a positive integer, got ${size}`);
    return new QualityWorkerPool(size);
  }

  /** Runs every task of one pass and returns their partials in task order. */
  runPass(pass: PoolPass, hooks: PoolHooks = {}): Promise<PassPartial[]> {
    if (this.closed) return Promise.reject(new FaultlineError('internal', 'the label-quality worker pool is closed'));
    if (this.broken !== null) return Promise.reject(this.broken);
    if (this.running) return Promise.reject(new FaultlineError('internal', 'the label-quality worker pool is already running a pass'));
    this.running = true;
    Atomics.store(this.cancelFlag, 0, 0);
    return new Promise<PassPartial[]>((resolve, reject) => {
      const results: PassPartial[] = new Array(pass.tasks.length);
      let next = 0;
      let active = 0;
      let failure: FaultlineError | null = null;
      // A task's own failure (a bad label, say) is kept by task index: tasks before it run to their
      // end, so the error reported is the first in image order whichever worker finished first.
      let taskFailure: { taskIndex: number; error: FaultlineError } | null = null;
      let settled = false;
      const fail = (error: FaultlineError): void => {
        failure ??= error;
        Atomics.store(this.cancelFlag, 0, 1);
      };
      const failTask = (taskIndex: number, error: FaultlineError): void => {
        if (taskFailure === null || taskIndex < taskFailure.taskIndex) taskFailure = { taskIndex, error };
      };
      const onAbort = (): void => fail(new FaultlineError('cancelled', 'label scoring was cancelled'));
      hooks.signal?.addEventListener('abort', onAbort);
      if (hooks.signal?.aborted === true) onAbort();
      const cleanups: (() => void)[] = [];
      const settle = (): void => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        hooks.signal?.removeEventListener('abort', onAbort);
        this.running = false;
        const reported = failure ?? (taskFailure as { error: FaultlineError } | null)?.error ?? null;
        if (reported !== null) reject(reported);
        else resolve(results);
      };
      const dispatch = (worker: Worker): void => {
        if (failure === null && taskFailure === null && next < pass.tasks.length) {
          const taskIndex = next++;
          const task = pass.tasks[taskIndex]!;
          active++;
          const request: WorkerRequest = {
            type: 'run',
            taskIndex,
            sourceId: pass.sourceId,
            source: pass.source,
            config: pass.config,
            plan: pass.plan,
            start: task.start,
            end: task.end,
            tieQuota: task.tieQuota,
            batchSize: pass.batchSize,
          };
          worker.postMessage(request);
        } else if (active === 0) {
          settle();
        }
      };
      for (const worker of this.workers) {
        const onMessage = (reply: WorkerReply): void => {
          active--;
          if (reply.type === 'done') {
            results[reply.taskIndex] = reply.partial;
            const task = pass.tasks[reply.taskIndex]!;
            hooks.onTaskDone?.(task.end - task.start);
          } else if (reply.type === 'failed') {
            failTask(reply.taskIndex, new FaultlineError(reply.code, reply.message));
          }
          dispatch(worker);
        };
        const onExit = (): void => {
          fail(this.broken ?? new FaultlineError('internal', 'a label-quality worker stopped unexpectedly'));
          this.broken ??= failure;
          settle();
        };
        worker.on('message', onMessage);
        worker.on('exit', onExit);
        cleanups.push(() => {
          worker.off('message', onMessage);
          worker.off('exit', onExit);
        });
      }
      for (const worker of this.workers) dispatch(worker);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

function spawnWorker(cancel: SharedArrayBuffer): Worker {
  // Running from TypeScript sources (tests, tsx scripts) the worker needs the same loader; the build runs .js.
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './qualityWorker.ts' : './qualityWorker.js', import.meta.url);
  const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href] : [];
  return new Worker(url, { workerData: { cancel }, execArgv });
}
