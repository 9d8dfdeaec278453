import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/client/createClient.js';
import { ServerFrame, type CallResult } from '../../../shared/contract/wire.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { startServer, type RunningServer } from '../../../electron/server/serveHost.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { connectWsTransport } from '../../helpers/wsClientTransport.js';

/** A raw socket to the server host, speaking call frames by hand so a test controls every attempt. */
async function rawSocket(server: RunningServer) {
  const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/ws?token=${server.token}`);
  await once(socket, 'open');
  const answers = new Map<number, (result: CallResult) => void>();
  socket.on('message', (data) => {
    const frame = ServerFrame.parse(JSON.parse(String(data)));
    if (frame.type === 'result') answers.get(frame.id)?.(frame.result);
  });
  return {
    socket,
    call(id: number, requestId: string | undefined, method: string, input: unknown): Promise<CallResult> {
      const answer = new Promise<CallResult>((resolve) => answers.set(id, resolve));
      socket.send(JSON.stringify({ type: 'call', id, requestId, method, input }));
      return answer;
    },
    async drop() {
      const closed = once(socket, 'close');
      socket.terminate();
      await closed;
    },
  };
}

describe('server host: calls re-sent after a reconnect', () => {
  const temp = makeTempDir();
  let core: Core;
  let server: RunningServer;
  /** How often the core ran each method, counted where the server host hands a call to the core. */
  const runs = new Map<string, number>();
  /** While set, people.upsert waits for it: a call held in flight on the server. */
  let hold: Promise<void> | null = null;

  beforeAll(async () => {
    core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home') });
    core.session.create(join(temp.dir, 'project'), 'Retries');
    const counted: Core = {
      ...core,
      async call(method, input) {
        runs.set(method, (runs.get(method) ?? 0) + 1);
        if (method === 'people.upsert' && hold) await hold;
        return core.call(method, input);
      },
    };
    server = await startServer({ core: counted, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await core.dispose();
    temp.cleanup();
  });
  beforeEach(() => {
    runs.clear();
    hold = null;
  });

  const peopleNamed = async (name: string): Promise<number> => {
    const result = await core.call('people.list', {});
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { name: string }[]).filter((p) => p.name === name).length;
  };

  it('runs a call dropped mid-flight once: the re-sent attempt joins the running one and both answers agree', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const requestId = randomUUID();
    const input = { name: 'Ada', roles: ['rater'] };
    // The first socket stays open on the server's side, as after a network drop it has not noticed yet.
    const first = await rawSocket(server);
    const firstAnswer = first.call(1, requestId, 'people.upsert', input);
    await expect.poll(() => runs.get('people.upsert')).toBe(1);
    const second = await rawSocket(server);
    const retryAnswer = second.call(1, requestId, 'people.upsert', input);
    release();
    const [a, b] = await Promise.all([firstAnswer, retryAnswer]);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    expect(runs.get('people.upsert')).toBe(1);
    expect(await peopleNamed('Ada')).toBe(1);
    first.socket.close();
    second.socket.close();
  });

  it('answers the re-sent call on the new socket after the first socket died mid-call, without running it again', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const requestId = randomUUID();
    const input = { name: 'Grace', roles: ['annotator'] };
    const first = await rawSocket(server);
    void first.call(1, requestId, 'people.upsert', input);
    await expect.poll(() => runs.get('people.upsert')).toBe(1);
    await first.drop();
    const second = await rawSocket(server);
    const retryAnswer = second.call(1, requestId, 'people.upsert', input);
    release();
    const answer = await retryAnswer;
    expect(answer).toMatchObject({ ok: true, value: { name: 'Grace' } });
    expect(runs.get('people.upsert')).toBe(1);
    second.socket.close();
  });

  it('returns the cached answer to a completed call re-sent under the same request id, without running it again', async () => {
    const requestId = randomUUID();
    const input = { name: 'Linus', roles: ['rater'] };
    const first = await rawSocket(server);
    const original = await first.call(1, requestId, 'people.upsert', input);
    await first.drop();
    // A change made in between shows the method did not run again: a re-run would answer with it.
    await core.call('people.upsert', { name: 'Linus', roles: ['rater', 'annotator'] });
    const second = await rawSocket(server);
    const replayed = await second.call(7, requestId, 'people.upsert', input);
    expect(replayed).toEqual(original);
    expect(runs.get('people.upsert')).toBe(1);
    second.socket.close();
  });

  it('still runs every call of a client that sends no request id', async () => {
    const socket = await rawSocket(server);
    await socket.call(1, undefined, 'people.list', {});
    await socket.call(1, undefined, 'people.list', {});
    expect(runs.get('people.list')).toBe(2);
    socket.socket.close();
  });

  it('refuses a request id that is not a UUID by closing the socket, as any frame outside the contract', async () => {
    const socket = await rawSocket(server);
    const closed = once(socket.socket, 'close');
    socket.socket.send(JSON.stringify({ type: 'call', id: 1, requestId: 'x'.repeat(10_000), method: 'people.list', input: {} }));
    const [code] = await closed;
    expect(code).toBe(1003);
    expect(runs.get('people.list')).toBeUndefined();
  });

  it('lets the Node client finish a call across a dropped connection, with the method run once', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const transport = await connectWsTransport(server.origin, server.token);
    const client = createClient(transport);
    const saved = client.call('people.upsert', { name: 'Edsger', roles: ['rater'] });
    await expect.poll(() => runs.get('people.upsert')).toBe(1);
    await transport.dropConnection();
    release();
    expect(await saved).toMatchObject({ name: 'Edsger' });
    expect(runs.get('people.upsert')).toBe(1);
    expect(await peopleNamed('Edsger')).toBe(1);
    transport.close();
  });
});
