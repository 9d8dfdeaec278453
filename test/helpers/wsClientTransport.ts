import { once } from 'node:events';
import WebSocket from 'ws';
import { createPendingCalls } from '../../shared/client/pendingCalls.js';
import type { Transport } from '../../shared/client/transport.js';
import { ServerFrame, type CallResult } from '../../shared/contract/wire.js';

export interface TestWsTransport extends Transport {
  close(): void;
  /** Kills the socket without a closing handshake, as a network drop does, then connects again; unanswered calls are re-sent. */
  dropConnection(): Promise<void>;
}

/** A Node WebSocket transport for tests: the same frames, request ids and retries as the browser client. */
export async function connectWsTransport(origin: string, token: string): Promise<TestWsTransport> {
  const calls = createPendingCalls();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let socket: WebSocket | null = null;

  const connect = async (): Promise<void> => {
    const next = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
    await new Promise<void>((resolve, reject) => {
      next.once('open', () => resolve());
      next.once('error', reject);
    });
    next.on('message', (data) => {
      const frame = ServerFrame.parse(JSON.parse(String(data)));
      if (frame.type === 'result') calls.answer(frame.id, frame.result);
      else for (const l of listeners) l(frame.name, frame.payload);
    });
    next.on('close', () => calls.disconnected());
    socket = next;
    calls.connected((frame) => next.send(frame));
  };
  await connect();

  return {
    kind: 'websocket',
    invoke: (method, input) => calls.call(method, input),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fileUrl: (rel) => `${origin}/api/file?path=${encodeURIComponent(rel)}&token=${token}`,
    close: () => socket?.close(),
    async dropConnection() {
      const dropped = socket!;
      const closed = once(dropped, 'close');
      dropped.terminate();
      await closed;
      await connect();
    },
  };
}

export function inProcessTransport(core: { call(m: string, i: unknown): Promise<CallResult>; subscribe(l: (n: string, p: unknown) => void): () => void }): Transport {
  return {
    kind: 'in-process',
    invoke: (method, input) => core.call(method, input),
    subscribe: (listener) => core.subscribe(listener),
    fileUrl: (rel) => rel,
  };
}
