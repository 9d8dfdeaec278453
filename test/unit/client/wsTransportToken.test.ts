import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../../shared/client/createClient.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { startServer, type RunningServer } from '../../../electron/server/serveHost.js';
import { wsTransport, type SocketStatus } from '../../../renderer/src/transport/wsTransport.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** The ws socket as a browser's behaves: a refused upgrade is an error event nobody must handle, then a close. */
class BrowserWebSocket extends WebSocket {
  constructor(url: URL) {
    super(url);
    this.on('error', () => undefined);
  }
}

/** Resolves with the first status of TRANSPORT that WANTED accepts. */
function statusOf(transport: ReturnType<typeof wsTransport>, wanted: (s: SocketStatus) => boolean): Promise<SocketStatus> {
  return new Promise((resolve) => {
    const off = transport.onStatus((s) => {
      if (!wanted(s)) return;
      off();
      resolve(s);
    });
  });
}

describe("wsTransport against a server that does not know the tab's token", () => {
  const temp = makeTempDir();
  let core: Core;
  let server: RunningServer;

  beforeAll(async () => {
    // Node's own WebSocket reports a refused upgrade as an error but never closes, unlike a browser's.
    vi.stubGlobal('WebSocket', BrowserWebSocket);
    core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home') });
    server = await startServer({ core, port: 0, token: 'the-token-of-this-run-the-token-of-this-run' });
  });
  afterAll(async () => {
    await server.close();
    await core.dispose();
    temp.cleanup();
    vi.unstubAllGlobals();
  });

  it('says the token is refused, instead of reconnecting for ever', async () => {
    const transport = wsTransport(new URL(server.origin), 'a-token-of-an-earlier-run-a-token-of-an-earlier');
    expect(await statusOf(transport, (s) => s === 'refused' || s === 'open')).toBe('refused');
  });

  it('opens and answers with the token of the run', async () => {
    const transport = wsTransport(new URL(server.origin), server.token);
    expect(await statusOf(transport, (s) => s === 'refused' || s === 'open')).toBe('open');
    expect((await createClient(transport).call('project.current'))).toBeNull();
  });
});
