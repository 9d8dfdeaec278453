import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { FaultlineError } from '../../shared/contract/errors.js';

import { RetriableCallFrame, type ServerFrame } from '../../shared/contract/wire.js';
import type { Core } from '../core/index.js';
import { RENDERER_DIST_DIR } from '../platform/packagePaths.js';
import { CallJournal } from './callJournal.js';
import { RENDERER_CSP, isLoopbackHost } from '../platform/securityPolicy.js';
import { resolveInside, sendFile } from '../platform/staticFiles.js';

export interface ServeOptions {
  core: Core;
  port?: number;
  host?: string;
  rendererDir?: string;
  /** A given token (tests, `serve --keep-token`); a random one per run otherwise. */
  token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

function tokensEqual(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return url.searchParams.get('token');
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The server host: the built renderer over HTTP and the contract over WebSocket, for browsers,
 * remote GPU boxes and end-to-end tests. Everything but the static app needs the run's token,
 * and requests from foreign origins are refused so another web page cannot drive the core.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { core } = options;
  const host = options.host ?? '127.0.0.1';
  const rendererDir = options.rendererDir ?? RENDERER_DIST_DIR;
  const token = options.token ?? randomBytes(24).toString('base64url');
  let allowedOrigins = new Set<string>();

  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || allowedOrigins.has(origin);
  };

  const handleApi = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (!tokensEqual(requestToken(req, url), token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('Missing or wrong token.');
      return;
    }
    if (url.pathname === '/api/file') {
      const project = core.session.current();
      const rel = url.searchParams.get('path') ?? '';
      const path = project ? resolveInside(project.dir, rel) : null;
      if (!path) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      sendFile(res, path, { 'cache-control': 'private, max-age=3600' });
      return;
    }
    if (url.pathname === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://internal');
    if (!originAllowed(req)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Foreign origin refused.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url);
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname);
    const path = resolveInside(rendererDir, rel) ?? join(rendererDir, 'index.html');
    sendFile(res, path, {
      'content-security-policy': RENDERER_CSP,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://internal');
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!tokensEqual(requestToken(req, url), token)) return refuse('401 Unauthorized');
    if (!originAllowed(req)) return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws));
  });

  // Retried calls are recognised across sockets, not per socket: a reconnecting client has a new
  // one. The token is one per run and shared by every tab, so the journal is one per run; request
  // ids are random UUIDs, so clients cannot collide. A restart loses it (a retry then runs again).
  const journal = new CallJournal();

  const serveConnection = (ws: WebSocket): void => {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.subscribe((name, payload) => send({ type: 'event', name, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let frame: RetriableCallFrame;
      try {
        frame = RetriableCallFrame.parse(JSON.parse(String(data)));
      } catch {
        ws.close(1003, 'Frames must be JSON calls of the Faultline contract.');
        return;
      }
      const { id, requestId, method, input } = frame;
      const execute = () => core.call(method, input);
      const resultJson = requestId === undefined ? JSON.stringify(await execute()) : await journal.run(requestId, method, execute);
      // The journal keeps answers as JSON; splicing it in spares serialising a large answer twice.
      if (ws.readyState === ws.OPEN) ws.send(`{"type":"result","id":${id},"result":${resultJson}}`);
    });
  };

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new FaultlineError('invalid_input', `Port ${options.port} on ${host} is already in use; choose another with --port (0 picks a free one).`)
          : error,
      );
    });
    server.listen(options.port ?? 0, host, () => {
      server.removeAllListeners('error');
      resolvePromise();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost(host)}:${port}`;
  allowedOrigins = new Set([origin]);
  if (isLoopbackHost(host)) {
    for (const alias of ['localhost', '127.0.0.1', '[::1]']) allowedOrigins.add(`http://${alias}:${port}`);
  }

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      // Browsers keep connections alive (and may be mid-download of images); stopping means stopping now.
      server.closeAllConnections();
      await closed;
    },
  };
}
