import WebSocket from 'ws';
import type { Transport } from '../../shared/client/transport.js';
import { ServerFrame, type CallResult } from '../../shared/contract/wire.js';

/** A Node WebSocket transport for tests: the same frames the browser client speaks. */
export async function connectWsTransport(origin: string, token: string): Promise<Transport & { close(): void }> {
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const pending = new Map<number, (r: CallResult) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  socket.on('message', (data) => {
    const frame = ServerFrame.parse(JSON.parse(String(data)));
    if (frame.type === 'result') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else {
      for (const l of listeners) l(frame.name, frame.payload);
    }
  });
  let nextId = 1;
  return {
    kind: 'websocket',
    invoke(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, input }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fileUrl: (rel) => `${origin}/api/file?path=${encodeURIComponent(rel)}&token=${token}`,
    close: () => socket.close(),
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
