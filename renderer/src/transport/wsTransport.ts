import { createClient } from '../../../shared/client/createClient.js';
import { createPendingCalls } from '../../../shared/client/pendingCalls.js';
import type { Transport } from '../../../shared/client/transport.js';
import { ServerFrame } from '../../../shared/contract/wire.js';
import { replayMissedEvents } from './missedEvents.js';

/** `refused`: the server answers but not to this tab's token (it was restarted with a new one); nothing will reconnect. */
export type SocketStatus = 'connecting' | 'open' | 'closed' | 'refused';

export interface WsTransport extends Transport {
  onStatus(listener: (status: SocketStatus) => void): () => void;
}

const RECONNECT_MS = 1000;

/**
 * Whether the server is up but refuses TOKEN. A refused WebSocket upgrade looks like any failed
 * connection to the page, so a socket that closed before it opened asks the health endpoint,
 * which answers 401 to a wrong token.
 */
async function tokenRefused(baseUrl: URL, token: string): Promise<boolean> {
  try {
    const url = new URL('/api/health', baseUrl);
    url.searchParams.set('token', token);
    return (await fetch(url, { cache: 'no-store' })).status === 401;
  } catch {
    return false;
  }
}

/**
 * The contract over WebSocket to the server host. The socket reconnects after a drop; calls made
 * while disconnected, and calls whose answer the drop lost, are sent (again) once it is back,
 * under the same request id so the server never applies one twice (see pendingCalls.ts).
 */
export function wsTransport(baseUrl: URL, token: string): WsTransport {
  const calls = createPendingCalls();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: SocketStatus) => void>();
  let openedBefore = false;

  const setStatus = (status: SocketStatus): void => {
    for (const l of statusListeners) l(status);
  };
  const emit = (name: string, payload: unknown): void => {
    for (const l of listeners) l(name, payload);
  };

  const transport: WsTransport = {
    kind: 'websocket',
    invoke: (method, input) => calls.call(method, input),
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

  const connect = (): void => {
    const url = new URL('/ws', baseUrl);
    url.protocol = baseUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const socket = new WebSocket(url);
    let opened = false;
    setStatus('connecting');
    socket.onopen = () => {
      opened = true;
      setStatus('open');
      calls.connected((frame) => socket.send(frame));
      // Listeners stay subscribed across sockets (the server sends every connection all events); only what was missed needs replaying.
      if (openedBefore) {
        replayMissedEvents(createClient(transport), ({ name, payload }) => emit(name, payload)).catch(() => {
          // The socket dropped again; the next reconnect replays.
        });
      }
      openedBefore = true;
    };
    socket.onmessage = (message) => {
      const frame = ServerFrame.safeParse(JSON.parse(String(message.data)));
      if (!frame.success) return;
      if (frame.data.type === 'result') calls.answer(frame.data.id, frame.data.result);
      else emit(frame.data.name, frame.data.payload);
    };
    socket.onclose = () => {
      calls.disconnected();
      setStatus('closed');
      if (opened) {
        setTimeout(connect, RECONNECT_MS);
        return;
      }
      void tokenRefused(baseUrl, token).then((refused) => {
        if (refused) setStatus('refused');
        else setTimeout(connect, RECONNECT_MS);
      });
    };
  };
  connect();

  return transport;
}
