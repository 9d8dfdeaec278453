import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONNECTION_LOST_MESSAGE,
  NOT_SENT_MESSAGE,
  RETRY_DEADLINE_MS,
  createPendingCalls,
  type PendingCalls,
} from '../../../shared/client/pendingCalls.js';
import { newRequestId } from '../../../shared/client/requestId.js';
import { RequestId, RetriableCallFrame } from '../../../shared/contract/wire.js';
import type { CallResult } from '../../../shared/contract/wire.js';

/** A stand-in for one WebSocket: what the calls module sent on it, parsed. */
class FakeSocket {
  readonly sent: RetriableCallFrame[] = [];
  readonly send = (frame: string): void => {
    this.sent.push(RetriableCallFrame.parse(JSON.parse(frame)));
  };
}

const ok = (value: unknown): CallResult => ({ ok: true, value });

/** Whether the promise has settled once queued microtasks have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

describe('pending calls across reconnects', () => {
  let calls: PendingCalls;
  let ids: number;

  beforeEach(() => {
    vi.useFakeTimers();
    ids = 0;
    calls = createPendingCalls({ newRequestId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}` });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a call at once while connected, with a request id, and resolves it with its answer', async () => {
    const socket = new FakeSocket();
    calls.connected(socket.send);
    const result = calls.call('rating.rate', { score: 3 });
    expect(socket.sent).toEqual([{ type: 'call', id: 1, requestId: '00000000-0000-4000-8000-000000000001', method: 'rating.rate', input: { score: 3 } }]);
    calls.answer(1, ok({ rated: true }));
    expect(await result).toEqual(ok({ rated: true }));
    expect(calls.unanswered).toBe(0);
  });

  it('re-sends a call the drop left unanswered on the next socket, under the same id and request id', async () => {
    const first = new FakeSocket();
    calls.connected(first.send);
    const result = calls.call('annotations.submit', { imageId: 7 });
    calls.disconnected();
    const second = new FakeSocket();
    calls.connected(second.send);
    expect(second.sent).toEqual(first.sent);
    calls.answer(1, ok('saved'));
    expect(await result).toEqual(ok('saved'));
  });

  it('queues calls made while disconnected and sends them, oldest first, after the re-sent ones', async () => {
    const first = new FakeSocket();
    calls.connected(first.send);
    void calls.call('rating.rate', { n: 1 });
    calls.disconnected();
    void calls.call('rating.rate', { n: 2 });
    void calls.call('rating.undo', { n: 3 });
    expect(first.sent).toHaveLength(1);
    const second = new FakeSocket();
    calls.connected(second.send);
    expect(second.sent.map((f) => [f.id, f.method, f.input])).toEqual([
      [1, 'rating.rate', { n: 1 }],
      [2, 'rating.rate', { n: 2 }],
      [3, 'rating.undo', { n: 3 }],
    ]);
    expect(new Set(second.sent.map((f) => f.requestId)).size).toBe(3);
  });

  it('fails a sent call whose connection is not back within the deadline, saying it may not have been saved', async () => {
    calls.connected(new FakeSocket().send);
    const result = calls.call('rating.rate', {});
    calls.disconnected();
    vi.advanceTimersByTime(RETRY_DEADLINE_MS - 1);
    expect(await isSettled(result)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await result).toEqual({ ok: false, error: { code: 'internal', message: CONNECTION_LOST_MESSAGE } });
    expect(calls.unanswered).toBe(0);
  });

  it('fails a call never sent within the deadline, saying it was not sent', async () => {
    const result = calls.call('rating.rate', {});
    vi.advanceTimersByTime(RETRY_DEADLINE_MS);
    expect(await result).toEqual({ ok: false, error: { code: 'internal', message: NOT_SENT_MESSAGE } });
  });

  it('does not re-send a call that failed at the deadline, and ignores a late answer to it', async () => {
    const result = calls.call('rating.rate', {});
    vi.advanceTimersByTime(RETRY_DEADLINE_MS);
    await result;
    const socket = new FakeSocket();
    calls.connected(socket.send);
    expect(socket.sent).toEqual([]);
    calls.answer(1, ok('late'));
    expect(await result).toEqual({ ok: false, error: { code: 'internal', message: NOT_SENT_MESSAGE } });
  });

  it('lets a re-sent call run longer than the deadline once the connection is back', async () => {
    calls.connected(new FakeSocket().send);
    const result = calls.call('evaluation.run', {});
    calls.disconnected();
    vi.advanceTimersByTime(RETRY_DEADLINE_MS - 1000);
    calls.connected(new FakeSocket().send);
    vi.advanceTimersByTime(RETRY_DEADLINE_MS * 4);
    expect(await isSettled(result)).toBe(false);
    calls.answer(1, ok('done'));
    expect(await result).toEqual(ok('done'));
  });

  it('gives every outage its own full deadline', async () => {
    calls.connected(new FakeSocket().send);
    const result = calls.call('rating.rate', {});
    calls.disconnected();
    vi.advanceTimersByTime(RETRY_DEADLINE_MS - 1000);
    calls.connected(new FakeSocket().send);
    calls.disconnected();
    vi.advanceTimersByTime(RETRY_DEADLINE_MS - 1000);
    expect(await isSettled(result)).toBe(false);
    vi.advanceTimersByTime(1000);
    expect((await result).ok).toBe(false);
  });

  it('keeps each call to its own answer when answers come back out of order', async () => {
    calls.connected(new FakeSocket().send);
    const a = calls.call('images.list', {});
    const b = calls.call('rating.rate', {});
    calls.answer(2, ok('b'));
    calls.answer(1, ok('a'));
    expect([await a, await b]).toEqual([ok('a'), ok('b')]);
  });
});

describe('request ids', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('are distinct version 4 UUIDs', () => {
    const ids = Array.from({ length: 50 }, newRequestId);
    for (const id of ids) expect(RequestId.safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(50);
  });

  it('are still version 4 UUIDs where crypto.randomUUID is missing (a page outside a secure context)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: <T extends ArrayBufferView>(array: T): T => real.getRandomValues(array as never) });
    const ids = Array.from({ length: 50 }, newRequestId);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(RequestId.safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(50);
  });
});
