import type { Worker } from 'node:worker_threads';

/**
 * The host's side of a worker that answers one request at a time. Messages the worker sends
 * before its answer (progress) go to the caller's hook; a worker that dies fails the request in
 * flight and every later one with the same error.
 */
export class WorkerChannel<Request, Response> {
  private pending: { resolve(r: Response): void; reject(e: Error): void; onInterim?: ((m: Response) => void) | undefined } | null = null;
  private dead: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    private readonly what: string,
    private readonly isInterim: (message: Response) => boolean = () => false,
  ) {
    worker.on('message', (message: Response) => {
      const p = this.pending;
      if (this.isInterim(message)) {
        p?.onInterim?.(message);
        return;
      }
      this.pending = null;
      p?.resolve(message);
    });
    const die = (error: Error): void => {
      this.dead ??= error;
      const p = this.pending;
      this.pending = null;
      p?.reject(this.dead);
    };
    worker.on('error', die);
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        die(new Error(`the ${what} stopped (exit code ${code})`));
        resolve();
      });
    });
  }

  get alive(): boolean {
    return this.dead === null;
  }

  request(message: Request, onInterim?: (message: Response) => void): Promise<Response> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error(`the ${this.what} is busy`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, onInterim };
      this.worker.postMessage(message);
    });
  }

  /**
   * Stops the worker at once, mid-request too. Not for a worker that may be inside a native call
   * (an onnxruntime run): ended under one, it aborts the whole process when the call returns.
   */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  /**
   * Asks the worker, with `message`, to end itself once the request in flight is answered (that
   * answer still reaches its caller); refuses every later request. Resolves when it has ended.
   */
  retire(message: Request): Promise<void> {
    if (this.dead) return this.exited;
    this.dead = new Error(`the ${this.what} was closed`);
    this.worker.postMessage(message);
    return this.exited;
  }
}
