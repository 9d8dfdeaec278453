import { hostPort } from './hostPort.js';

/** Asks a worker to end itself once the request it is serving is over (see WorkerChannel.retire). */
export interface ExitRequest {
  type: 'exit';
}

/**
 * The worker's side of a WorkerChannel: serves each request with `handle` and answers one that
 * throws with `failed`. An exit request waits for the request being served, lets `release` free
 * what the thread holds (its onnxruntime session), then ends the thread from inside: a thread
 * ended from outside while onnxruntime runs in it aborts the whole process when the run returns.
 */
export function serveRequests<Request extends { type: string }>(worker: {
  handle(request: Exclude<Request, ExitRequest>): Promise<void>;
  failed(message: string): void;
  release(): Promise<void> | void;
}): void {
  const port = hostPort();
  let serving: Promise<void> = Promise.resolve();
  const exit = async (): Promise<void> => {
    await serving;
    try {
      await worker.release();
    } finally {
      // In a worker thread this ends the thread only; in a forked worker, its process.
      process.exit(0);
    }
  };
  port.onMessage((message) => {
    const request = message as Request | ExitRequest;
    if (request.type === 'exit') {
      void exit();
      return;
    }
    serving = worker.handle(request as Exclude<Request, ExitRequest>).catch((error: unknown) => worker.failed(error instanceof Error ? error.message : String(error)));
  });
}
