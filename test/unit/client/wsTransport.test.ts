import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetriableCallFrame } from '../../../shared/contract/wire.js';
import type { ServerFrame } from '../../../shared/contract/wire.js';
import { wsTransport, type SocketStatus } from '../../../renderer/src/transport/wsTransport.js';

/** The browser WebSocket, as far as wsTransport uses it; the test opens, drops and answers it by hand. */
class FakeWebSocket {
  static readonly OPEN = 1;
  static made: FakeWebSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly sent: RetriableCallFrame[] = [];

  constructor(readonly url: URL) {
    FakeWebSocket.made.push(this);
  }
  send(data: string): void {
    this.sent.push(RetriableCallFrame.parse(JSON.parse(data)));
  }
  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  receive(frame: ServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const latest = (): FakeWebSocket => FakeWebSocket.made.at(-1)!;

describe('wsTransport over a socket that drops', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.made = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('reconnects, re-sends the call the drop left unanswered under the same request id, and resolves it from the new socket', async () => {
    const transport = wsTransport(new URL('http://127.0.0.1:5170/?token=t'), 't');
    const statuses: SocketStatus[] = [];
    transport.onStatus((s) => statuses.push(s));
    const first = latest();
    expect(first.url.href).toBe('ws://127.0.0.1:5170/ws?token=t');
    first.open();
    const result = transport.invoke('rating.rate', { score: 4 });
    first.drop();
    expect(FakeWebSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    const second = latest();
    expect(second).not.toBe(first);
    second.open();
    expect(second.sent[0]).toEqual(first.sent[0]);
    second.receive({ type: 'result', id: first.sent[0]!.id, result: { ok: true, value: { rated: 1 } } });
    expect(await result).toEqual({ ok: true, value: { rated: 1 } });
    expect(statuses).toEqual(['open', 'closed', 'connecting', 'open']);
  });

  it('replays the project and job states missed during the outage, and keeps listeners subscribed on the new socket', async () => {
    const transport = wsTransport(new URL('http://127.0.0.1:5170/?token=t'), 't');
    const heard: [string, unknown][] = [];
    transport.subscribe((name, payload) => heard.push([name, payload]));
    latest().open();
    expect(latest().sent).toEqual([]);
    latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    const second = latest();
    second.open();
    expect(second.sent.map((f) => f.method).sort()).toEqual(['jobs.list', 'project.current']);
    const answer = (method: string, value: unknown): void =>
      second.receive({ type: 'result', id: second.sent.find((f) => f.method === method)!.id, result: { ok: true, value } });
    answer('project.current', null);
    answer('jobs.list', [
      { jobId: 'j1', kind: 'mining', state: 'done', done: 10, total: 10, message: 'Mined', error: null, startedAt: '2025-01-01T00:00:00Z' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    second.receive({ type: 'event', name: 'job.progress', payload: { jobId: 'j2', kind: 'import', state: 'running', done: 1, total: 2 } });
    expect(heard).toEqual([
      ['project.changed', { project: null }],
      ['job.progress', { jobId: 'j1', kind: 'mining', state: 'done', done: 10, total: 10, message: 'Mined' }],
      ['job.progress', { jobId: 'j2', kind: 'import', state: 'running', done: 1, total: 2 }],
    ]);
  });
});
