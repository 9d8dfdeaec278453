import type { CallResult } from '../contract/wire.js';
import type { RetriableCallFrame } from '../contract/wire.js';
import { newRequestId } from './requestId.js';

/** How long a call waits for the connection to come back before it fails. */
export const RETRY_DEADLINE_MS = 30_000;

export const CONNECTION_LOST_MESSAGE =
  'The connection to the Faultline server was lost; your last action may not have been saved — check and retry.';
export const NOT_SENT_MESSAGE = 'The Faultline server could not be reached, so this action was not sent; retry once the connection is back.';

/**
 * The calls of one client that have no answer yet, across reconnects of its socket. A call keeps
 * its request id for all its attempts, so the server answers a re-sent call from the first
 * attempt instead of applying it twice. Knows nothing of sockets: the transport reports when it
 * is connected (and how to send) and when it is not.
 */
export interface PendingCalls {
  /** Sends now if connected, otherwise on the next connection; resolves with the answer or, past the deadline, an error. */
  call(method: string, input: unknown): Promise<CallResult>;
  /** A socket is open: (re)sends every unanswered call, oldest first. */
  connected(send: (frame: string) => void): void;
  /** The socket closed: unanswered calls now wait for the next connection, each for at most the deadline. */
  disconnected(): void;
  answer(id: number, result: CallResult): void;
  readonly unanswered: number;
}

export interface PendingCallsOptions {
  deadlineMs?: number;
  newRequestId?: () => string;
}

interface Pending {
  readonly frame: string;
  /** Sent at least once, so the server may have applied it. */
  sent: boolean;
  deadline: ReturnType<typeof setTimeout> | null;
  resolve(result: CallResult): void;
}

export function createPendingCalls(options: PendingCallsOptions = {}): PendingCalls {
  const deadlineMs = options.deadlineMs ?? RETRY_DEADLINE_MS;
  const makeRequestId = options.newRequestId ?? newRequestId;
  // A Map keeps insertion order: re-sent calls reach the server in the order the user made them.
  const pending = new Map<number, Pending>();
  let send: ((frame: string) => void) | null = null;
  let nextId = 1;

  const settle = (id: number, result: CallResult): void => {
    const call = pending.get(id);
    if (!call) return;
    if (call.deadline) clearTimeout(call.deadline);
    pending.delete(id);
    call.resolve(result);
  };

  const startDeadline = (id: number, call: Pending): void => {
    call.deadline ??= setTimeout(() => {
      settle(id, { ok: false, error: { code: 'internal', message: call.sent ? CONNECTION_LOST_MESSAGE : NOT_SENT_MESSAGE } });
    }, deadlineMs);
  };

  const transmit = (call: Pending, to: (frame: string) => void): void => {
    if (call.deadline) clearTimeout(call.deadline);
    call.deadline = null;
    call.sent = true;
    to(call.frame);
  };

  return {
    call(method, input) {
      const id = nextId++;
      const frame: RetriableCallFrame = { type: 'call', id, requestId: makeRequestId(), method, input };
      return new Promise<CallResult>((resolve) => {
        const call: Pending = { frame: JSON.stringify(frame), sent: false, deadline: null, resolve };
        pending.set(id, call);
        if (send) transmit(call, send);
        else startDeadline(id, call);
      });
    },
    connected(to) {
      send = to;
      for (const call of pending.values()) transmit(call, to);
    },
    disconnected() {
      send = null;
      for (const [id, call] of pending) startDeadline(id, call);
    },
    answer: settle,
    get unanswered() {
      return pending.size;
    },
  };
}
