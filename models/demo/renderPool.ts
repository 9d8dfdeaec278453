import type { Worker } from 'node:worker_threads';
import { createWorker } from '../../electron/platform/createWorker.js';
import { renderWorldImage, type RenderTask, type RenderedWorldImage } from './renderTask.js';

type Reply = { ok: true; image: RenderedWorldImage } | { ok: false; message: string };

interface Pending {
  task: RenderTask;
  resolve: (image: RenderedWorldImage) => void;
  reject: (error: Error) => void;
}

/**
 * Renders world images on worker threads (FIFO queue, one task per worker at a time), so the
 * main thread stays free for inference and fitting. With zero workers it renders in-thread.
 */
export class RenderPool {
  private readonly queue: Pending[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private failure: Error | null = null;
  private closing = false;

  constructor(workers: number) {
    for (let i = 0; i < workers; i++) {
      const worker = createWorker(import.meta.url, 'renderWorker');
      worker.on('message', (reply: Reply) => this.finish(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`render worker exited with code ${code}`));
      });
      worker.unref();
      this.idle.push(worker);
    }
  }

  get workers(): number {
    return this.idle.length + this.busy.size;
  }

  render(task: RenderTask): Promise<RenderedWorldImage> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers === 0) return renderWorldImage(task);
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.task);
    }
  }

  private finish(worker: Worker, reply: Reply): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (job) {
      if (reply.ok) job.resolve(reply.image);
      else job.reject(new Error(`rendering ${job.task.split} ${job.task.index} failed: ${reply.message}`));
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const job of [...this.busy.values(), ...this.queue]) job.reject(error);
    this.busy.clear();
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    this.closing = true;
    const error = new Error('render pool closed');
    for (const job of [...this.busy.values(), ...this.queue]) job.reject(error);
    this.queue.length = 0;
    const workers = [...this.idle, ...this.busy.keys()];
    this.busy.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
