import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/createCore.js';
import { headlessHost } from '../../../electron/core/host/hostServices.js';
import { startServer, type RunningServer } from '../../../electron/server/serveHost.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { startServeProcess } from '../../helpers/runCliProcess.js';

function wsOutcome(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
}

describe('server host security', () => {
  const temp = makeTempDir();
  let core: Core;
  let server: RunningServer;
  const project = join(temp.dir, 'project');

  beforeAll(async () => {
    core = createCore({ host: headlessHost('server'), userDataDir: join(temp.dir, 'home') });
    core.session.create(project, 'Secure');
    mkdirSync(join(project, 'images'));
    writeFileSync(join(project, 'images', 'a.png'), 'png-bytes');
    writeFileSync(join(temp.dir, 'secret.txt'), 'outside the project');
    symlinkSync(join(temp.dir, 'secret.txt'), join(project, 'images', 'escape.txt'));
    server = await startServer({ core, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await core.dispose();
    temp.cleanup();
  });

  it('serves the app shell without a token but with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
  });

  it('refuses API requests without the right token with 401', async () => {
    expect((await fetch(`${server.origin}/api/health`)).status).toBe(401);
    expect((await fetch(`${server.origin}/api/health?token=wrong`)).status).toBe(401);
    expect((await fetch(`${server.origin}/api/health?token=${server.token}`)).status).toBe(200);
    expect((await fetch(`${server.origin}/api/health`, { headers: { authorization: `Bearer ${server.token}` } })).status).toBe(200);
  });

  it('refuses WebSocket connections without the token or from a foreign origin', async () => {
    const base = server.origin.replace('http', 'ws');
    expect(await wsOutcome(`${base}/ws`)).toBe(401);
    expect(await wsOutcome(`${base}/ws?token=nope`)).toBe(401);
    expect(await wsOutcome(`${base}/ws?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await wsOutcome(`${base}/ws?token=${server.token}`, { origin: server.origin })).toBe('open');
  });

  it('refuses HTTP requests from a foreign origin even with the token', async () => {
    const res = await fetch(`${server.origin}/api/health?token=${server.token}`, { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('serves project files and nothing outside the project folder', async () => {
    const file = (rel: string) => fetch(`${server.origin}/api/file?path=${encodeURIComponent(rel)}&token=${server.token}`);
    const ok = await file('images/a.png');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('png-bytes');
    expect((await file('../secret.txt')).status).toBe(404);
    expect((await file('images/escape.txt')).status).toBe(404);
    expect((await file('/etc/passwd')).status).toBe(404);
  });
});

describe('faultline serve', () => {
  it('prints exactly one line with the URL and token, binds loopback, and stops on SIGTERM', async () => {
    const temp = makeTempDir();
    const served = await startServeProcess([], { ...process.env, FAULTLINE_HOME: temp.dir });
    try {
      const url = new URL(served.url);
      expect(url.hostname).toBe('127.0.0.1');
      const token = url.searchParams.get('token')!;
      expect(token.length).toBeGreaterThanOrEqual(32);
      const lines = served.output().stdout.split('\n').filter((l) => l.includes(`http://127.0.0.1:${url.port}/?token=${token}`));
      expect(lines).toHaveLength(1);
      expect((await fetch(`${url.origin}/api/health?token=${token}`)).status).toBe(200);
    } finally {
      await served.stop();
      temp.cleanup();
    }
    expect(served.child.exitCode).toBe(0);
  });

  it('keeps its token across restarts with --keep-token, in a file only the user can read; a plain run makes a new one', async () => {
    const temp = makeTempDir();
    const env = { ...process.env, FAULTLINE_HOME: temp.dir };
    try {
      const tokenOf = async (args: string[]) => {
        const served = await startServeProcess(args, env);
        await served.stop();
        return new URL(served.url).searchParams.get('token')!;
      };
      const first = await tokenOf(['--keep-token']);
      expect(await tokenOf(['--keep-token'])).toBe(first);
      expect(await tokenOf([])).not.toBe(first);
      expect(statSync(join(temp.dir, 'serve-token')).mode & 0o777).toBe(0o600);
    } finally {
      temp.cleanup();
    }
  }, 60_000);

  it('warns when asked to bind beyond loopback', async () => {
    const temp = makeTempDir();
    const served = await startServeProcess(['--host', '0.0.0.0'], { ...process.env, FAULTLINE_HOME: temp.dir });
    await served.stop();
    temp.cleanup();
    expect(served.output().stderr).toMatch(/Warning: binding 0\.0\.0\.0/);
  });
});
