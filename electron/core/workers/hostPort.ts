import { parentPort } from 'node:worker_threads';

/** The worker's side of its channel to the host, whether it runs as a thread or as a process of its own. */
export interface HostPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * The port of this worker: the thread's parentPort, an Electron utility process's, or the IPC
 * channel of a forked Node process (which ends itself when the host goes, so no orphan keeps computing).
 */
export function hostPort(): HostPort {
  port ??= openPort();
  return port;
}

let port: HostPort | null = null;

function openPort(): HostPort {
  if (parentPort) {
    const port = parentPort;
    return { postMessage: (message, transfer = []) => port.postMessage(message, transfer), onMessage: (listener) => port.on('message', listener) };
  }
  // An Electron utility process (the packaged app's processes of their own).
  const utility = (process as { parentPort?: { on(event: 'message', listener: (event: { data: unknown }) => void): void; postMessage(message: unknown): void } }).parentPort;
  if (utility) return { postMessage: (message) => utility.postMessage(message), onMessage: (listener) => utility.on('message', (event) => listener(event.data)) };
  if (!process.send) throw new Error('this module runs only as a worker thread or a process of its own');
  const send = process.send.bind(process);
  process.on('disconnect', () => process.exit(0));
  return { postMessage: (message) => send(message), onMessage: (listener) => process.on('message', listener) };
}
