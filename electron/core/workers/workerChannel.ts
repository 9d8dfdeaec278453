import type { ExitRequest } from './serveRequests.js';

/** What a channel needs of its worker: a worker thread, or a ProcessWorker (platform/forkWorker.ts). */
export interface WorkerHandle {
  /** 'message' (the worker's message), 'error' (an Error) and 'exit' (the exit code). */
  on(event: string, listener: (...args: never[]) => void): unknown;
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
}

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
    private readonly worker: WorkerHandle,
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
   * Stops the worker at once, mid-request too. For a worker in a process of its own, or a thread
   * busy in plain JavaScript: a thread ended inside a native call (an onnxruntime run) aborts the
   * whole process when the call returns.
   */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /**
   * Asks the worker to end itself once the request in flight is over (a worker served by
   * serveRequests.ts), and refuses every later request. The request in flight still gets
   * its answer, unless `abandoned` is given: then it fails at once with that error and its answer
   * is dropped. Resolves when the worker has ended; untilWorkersRetired waits for it too.
   */
  retire(abandoned?: Error): Promise<void> {
    if (abandoned) {
      const p = this.pending;
      this.pending = null;
      p?.reject(abandoned);
    }
    if (this.dead) return this.exited;
    this.dead = new Error(`the ${this.what} was closed`);
    const exit: ExitRequest = { type: 'exit' };
    this.worker.postMessage(exit);
    retiring.add(this.exited);
    void this.exited.then(() => retiring.delete(this.exited));
    return this.exited;
  }
}

/** Workers asked to end that have not yet: each may be inside a run that must be over before the process exits. */
const retiring = new Set<Promise<void>>();

/**
 * Resolves when every worker retired so far has ended: what shuts down or lets go of a project
 * waits for the runs that cancelled or closed work left behind.
 */
export async function untilWorkersRetired(): Promise<void> {
  await Promise.all([...retiring]);
}
