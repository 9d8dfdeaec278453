import { createWorker } from '../../platform/createWorker.js';
import { WorkerChannel } from '../workers/workerChannel.js';
import type { FinetuneAdd, FinetuneFit, FinetuneInit, FinetuneRequest, FinetuneResponse } from './finetuneProtocol.js';

type Settled = Exclude<FinetuneResponse, { type: 'progress' }>;

/** The host's side of the fine-tune worker: one request at a time; progress messages go to the caller's hook. */
export class FinetuneWorkerClient {
  private readonly channel = new WorkerChannel<FinetuneRequest, FinetuneResponse>(
    createWorker(import.meta.url, 'finetuneWorker'),
    'fine-tune worker',
    (message) => message.type === 'progress',
  );
  /** What the worker is doing: close() ends a fit and everything else differently. */
  private serving: FinetuneRequest['type'] | null = null;

  private async request<T extends Settled['type']>(
    message: FinetuneInit | FinetuneAdd | FinetuneFit,
    type: T,
    onProgress?: (step: number, done: number, loss: number) => void,
  ): Promise<Extract<Settled, { type: T }>> {
    this.serving = message.type;
    let response: FinetuneResponse;
    try {
      response = await this.channel.request(message, (m) => {
        if (m.type === 'progress') onProgress?.(m.step, m.done, m.loss);
      });
    } finally {
      this.serving = null;
    }
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

  /**
   * Fails the request in flight at once and ends the worker. A fit is one synchronous loop of plain
   * JavaScript that would hold an exit request until it is over, so it is terminated, which is safe
   * there; anything else may be inside an onnxruntime run (the features of an image), and the
   * worker ends after it. Resolves when the worker has ended.
   */
  close(): Promise<void> {
    if (this.serving === 'fit') return this.channel.terminate();
    return this.channel.retire(new Error('the fine-tune worker was closed'));
  }
}
