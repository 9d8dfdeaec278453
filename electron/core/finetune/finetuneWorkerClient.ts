import { createWorker } from '../../platform/createWorker.js';
import { WorkerChannel } from '../workers/workerChannel.js';
import type { FinetuneAdd, FinetuneFit, FinetuneInit, FinetuneResponse } from './finetuneProtocol.js';

type Settled = Exclude<FinetuneResponse, { type: 'progress' }>;

/** The host's side of the fine-tune worker: one request at a time; progress messages go to the caller's hook. */
export class FinetuneWorkerClient {
  private readonly channel = new WorkerChannel<FinetuneInit | FinetuneAdd | FinetuneFit, FinetuneResponse>(
    createWorker(import.meta.url, 'finetuneWorker'),
    'fine-tune worker',
    (message) => message.type === 'progress',
  );

  private async request<T extends Settled['type']>(
    message: FinetuneInit | FinetuneAdd | FinetuneFit,
    type: T,
    onProgress?: (step: number, done: number, loss: number) => void,
  ): Promise<Extract<Settled, { type: T }>> {
    const response = await this.channel.request(message, (m) => {
      if (m.type === 'progress') onProgress?.(m.step, m.done, m.loss);
    });
    if (response.type === 'failed') throw new Error(response.message);
    if (response.type !== type) throw new Error(`the fine-tune worker answered ${response.type}, expected ${type}`);
    return response as Extract<Settled, { type: T }>;
  }

  init(message: Omit<FinetuneInit, 'type'>) {
    return this.request({ type: 'init', ...message }, 'ready');
  }

  add(message: Omit<FinetuneAdd, 'type'>) {
    return this.request({ type: 'add', ...message }, 'added');
  }

  fit(message: Omit<FinetuneFit, 'type'>, onProgress: (step: number, done: number, loss: number) => void) {
    return this.request({ type: 'fit', ...message }, 'fitted', onProgress);
  }

  /** Stops the worker at once, mid-request too (cancelling a fit that runs in one synchronous loop). */
  async close(): Promise<void> {
    await this.channel.close();
  }
}
