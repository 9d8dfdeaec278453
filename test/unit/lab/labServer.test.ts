import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/client/createClient.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { startServer, type RunningServer } from '../../../electron/server/serveHost.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedRatingProject } from '../../helpers/seedRatingProject.js';
import { connectWsTransport } from '../../helpers/wsClientTransport.js';

function upgradeStatus(url: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
}

describe('lab members on the server host', () => {
  const temp = makeTempDir();
  const dir = join(temp.dir, 'project');
  let core: Core;
  let server: RunningServer;
  let setId: number;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ setId } = await seedRatingProject(dir, 6));
    mkdirSync(join(dir, 'notes'), { recursive: true });
    writeFileSync(join(dir, 'notes', 'a.txt'), 'project file');
    core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home'), listRecent: false });
    server = await startServer({ core, port: 0 });
    const admin = createClient(await connectWsTransport(server.origin, server.token));
    await admin.call('project.open', { dir });
    tokens.ana = (await admin.call('people.add', { name: 'Ana', roles: ['rater'] })).token;
    tokens.ben = (await admin.call('people.add', { name: 'Ben', roles: ['annotator'] })).token;
  });
  afterAll(async () => {
    await server.close();
    await core.dispose();
    temp.cleanup();
  });

  it('lets a member in with their own token, and keeps a wrong one out of the socket and the files', async () => {
    const ws = server.origin.replace('http', 'ws');
    expect(await upgradeStatus(`${ws}/ws?token=${tokens.ana}`)).toBe('open');
    expect(await upgradeStatus(`${ws}/ws?token=not-anyones-token-000000000000000`)).toBe(401);
    expect((await fetch(`${server.origin}/api/file?path=notes/a.txt&token=${tokens.ana}`)).status).toBe(200);
    const wrong = await fetch(`${server.origin}/api/file?path=notes/a.txt&token=not-anyones-token-000000000000000`);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Ask a lab admin for a new sign-in link');
  });

  it('acts as the member on every call, and refuses what their role may not do with a sentence', async () => {
    const ana = createClient(await connectWsTransport(server.origin, tokens.ana!));
    expect(await ana.call('lab.me')).toMatchObject({ kind: 'person', person: { name: 'Ana' } });
    const refusal = await ana.call('models.setTarget', { modelId: 1 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FaultlineError);
    expect(refusal).toMatchObject({ code: 'forbidden', message: 'Ana (rater) may not call models.setTarget: it needs admin; ask a lab admin.' });
  });

  it('shows each member what another rated, without a reload', async () => {
    const ana = createClient(await connectWsTransport(server.origin, tokens.ana!));
    const ben = createClient(await connectWsTransport(server.origin, tokens.ben!));
    const heard = new Promise((resolve) => {
      const off = ben.on('lab.activity', (event) => {
        off();
        resolve(event);
      });
    });
    const { imageId } = await ana.call('rating.claim', { setId });
    // The name a client sends is replaced by the sign-in's.
    await ana.call('rating.rate', { setId, imageId: imageId!, rater: 'Ben', score: 2, outOfDomain: false, timeMs: 300 });
    expect(await heard).toEqual({ action: 'rated', by: 'Ana', setId, imageId });
  });

  it('cuts a removed member off on their next call, while they are connected', async () => {
    const admin = createClient(await connectWsTransport(server.origin, server.token));
    const { token } = await admin.call('people.add', { name: 'Cleo', roles: ['annotator'] });
    const cleo = createClient(await connectWsTransport(server.origin, token));
    await cleo.call('project.stats');
    await admin.call('people.remove', { name: 'Cleo' });
    await expect(cleo.call('project.stats')).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});
