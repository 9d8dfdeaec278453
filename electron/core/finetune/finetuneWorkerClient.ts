import type { Worker } from 'node:worker_threads';
import { createWorker } from '../workers/createWorker.js';
import type { FinetuneAdd, FinetuneFit, FinetuneInit, FinetuneResponse } from './finetuneProtocol.js';

type Settled = Exclude<FinetuneResponse, { type: 'progress' }>;

/** The host's side of the fine-tune worker: one request at a time; progress messages go to the caller's hook. */
export class FinetuneWorkerClient {
  private readonly worker: Worker;
  private pending: { resolve(r: Settled): void; reject(e: Error): void; onProgress?: (done: number, loss: number) => void } | null = null;
  private dead: Error | null = null;

  constructor() {
    this.worker = createWorker(import.meta.url, 'finetuneWorker');
    this.worker.on('message', (message: FinetuneResponse) => {
      const p = this.pending;
      if (message.type === 'progress') {
        p?.onProgress?.(message.done, message.loss);
        return;
      }
      this.pending = null;
      if (message.type === 'failed') p?.reject(new Error(message.message));
      else p?.resolve(message);
    });
    const die = (error: Error): void => {
      this.dead ??= error;
      const p = this.pending;
      this.pending = null;
      p?.reject(this.dead);
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`the fine-tune worker stopped (exit code ${code})`)));
  }

  private request<T extends Settled['type']>(message: FinetuneInit | FinetuneAdd | FinetuneFit, type: T, onProgress?: (done: number, loss: number) => void): Promise<Extract<Settled, { type: T }>> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error('the fine-tune worker is busy'));
    return new Promise<Settled>((resolve, reject) => {
      this.pending = { resolve, reject, ...(onProgress ? { onProgress } : {}) };
      this.worker.postMessage(message);
    }).then((response) => {
      if (response.type !== type) throw new Error(`the fine-tune worker answered ${response.type}, expected ${type}`);
      return response as Extract<Settled, { type: T }>;
    });
  }

  init(message: Omit<FinetuneInit, 'type'>) {
    return this.request({ type: 'init', ...message }, 'ready');
  }

  add(message: Omit<FinetuneAdd, 'type'>) {
    return this.request({ type: 'add', ...message }, 'added');
  }

  fit(message: Omit<FinetuneFit, 'type'>, onProgress: (done: number, loss: number) => void) {
    return this.request({ type: 'fit', ...message }, 'fitted', onProgress);
  }

  /** Stops the worker at once, mid-request too (cancelling a fit that runs in one synchronous loop). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
