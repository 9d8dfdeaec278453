import { ServerFrame, type CallResult } from '../../../shared/contract/wire.js';
import type { Transport } from '../../../shared/client/transport.js';

export interface WsTransport extends Transport {
  onStatus(listener: (status: 'connecting' | 'open' | 'closed') => void): () => void;
}

const RECONNECT_MS = 1000;

/**
 * The contract over WebSocket to the server host. Calls made while disconnected wait for the
 * connection instead of failing, and the socket reconnects after the server restarts.
 */
export function wsTransport(baseUrl: URL, token: string): WsTransport {
  const pending = new Map<number, (result: CallResult) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: 'connecting' | 'open' | 'closed') => void>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;

  const setStatus = (status: 'connecting' | 'open' | 'closed'): void => {
    for (const l of statusListeners) l(status);
  };

  const connect = (): void => {
    const url = new URL('/ws', baseUrl);
    url.protocol = baseUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    socket = new WebSocket(url);
    setStatus('connecting');
    socket.onopen = () => {
      setStatus('open');
      while (queue.length) socket.send(queue.shift()!);
    };
    socket.onmessage = (message) => {
      const frame = ServerFrame.safeParse(JSON.parse(String(message.data)));
      if (!frame.success) return;
      if (frame.data.type === 'result') {
        pending.get(frame.data.id)?.(frame.data.result);
        pending.delete(frame.data.id);
      } else {
        for (const l of listeners) l(frame.data.name, frame.data.payload);
      }
    };
    socket.onclose = () => {
      setStatus('closed');
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'internal', message: 'The connection to the Faultline server was lost; try again.' } });
        pending.delete(id);
      }
      setTimeout(connect, RECONNECT_MS);
    };
  };
  connect();

  return {
    kind: 'websocket',
    invoke(method, input) {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'call', id, method, input });
      return new Promise<CallResult>((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    fileUrl: (relPath) => `/api/file?path=${encodeURIComponent(relPath)}&token=${encodeURIComponent(token)}`,
  };
}
