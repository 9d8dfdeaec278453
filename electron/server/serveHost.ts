import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { FaultlineError } from '../../shared/contract/errors.js';
import { MAX_MASK_DATA_CHARS } from '../../shared/contract/domain.js';

import { RetriableCallFrame, type ServerFrame } from '../../shared/contract/wire.js';
import type { Core, Credential } from '../core/index.js';
import { RENDERER_DIST_DIR } from '../platform/packagePaths.js';
import { CallJournal } from './callJournal.js';
import { RENDERER_CSP, isLoopbackHost } from '../platform/securityPolicy.js';
import { resolveInside, sendFile } from '../platform/staticFiles.js';

export interface ServeOptions {
  core: Core;
  port?: number;
  host?: string;
  rendererDir?: string;
  /** The run's admin token, given (tests, `serve --keep-token`) or random per run. Lab members sign in with their own. */
  token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The largest call is a mask save; anything bigger is closed with 1009 before it is parsed. A frame
 * at this size costs about 3 s and 230 MB to refuse (measured: 59 MB save on 2 cores).
 */
const MAX_FRAME_BYTES = MAX_MASK_DATA_CHARS + 1024 * 1024;

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

/** The request's path and query, or null when they cannot be parsed or decoded (answered 400, never thrown). */
function parseTarget(req: IncomingMessage): { url: URL; path: string } | null {
  try {
    const url = new URL(req.url ?? '/', 'http://internal');
    return { url, path: decodeURIComponent(url.pathname) };
  } catch {
    return null;
  }
}

/** The names a browser may send in `Host` for this server: its address, and the loopback aliases when bound there. */
function allowedHostNames(host: string): Set<string> {
  const names = new Set([urlHost(host).toLowerCase()]);
  if (isLoopbackHost(host)) for (const alias of ['localhost', '127.0.0.1', '[::1]']) names.add(alias);
  if (host === '0.0.0.0' || host === '::') {
    for (const alias of ['localhost', '127.0.0.1', '[::1]']) names.add(alias);
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) names.add(urlHost(a.address).toLowerCase());
    }
  }
  return names;
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
  let allowedHosts = new Set<string>();

  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || allowedOrigins.has(origin);
  };
  // A page on another name that resolves to this address (DNS rebinding) must not reach the server.
  const hostAllowed = (req: IncomingMessage): boolean => allowedHosts.has((req.headers.host ?? '').toLowerCase());

  /**
   * Who a token stands for: the run's own token is the local admin; any other must be a lab
   * member's sign-in on the open project (checked by the core, which says why it is refused).
   */
  const credentialOf = async (given: string | null): Promise<{ credential: Credential } | { refused: string }> => {
    if (!given) return { refused: 'Missing token: open the link the server printed, or your own sign-in link.' };
    if (tokensEqual(given, token)) return { credential: { kind: 'local' } };
    const credential: Credential = { kind: 'signIn', token: given };
    const me = await core.call('lab.me', {}, credential);
    return me.ok ? { credential } : { refused: me.error.message };
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const who = await credentialOf(requestToken(req, url));
    if ('refused' in who) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end(who.refused);
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

  const plain = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(text);
  };

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const target = parseTarget(req);
    if (!target) {
      plain(res, 400, 'Malformed request path.');
      return;
    }
    const { url, path: requestPath } = target;
    if (!hostAllowed(req)) {
      plain(res, 421, 'This server answers only to its own address.');
      return;
    }
    if (!originAllowed(req)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Foreign origin refused.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url).catch((error: unknown) => answerFailure(req, res, error));
      return;
    }
    const rel = requestPath === '/' ? 'index.html' : requestPath;
    const path = resolveInside(rendererDir, rel) ?? join(rendererDir, 'index.html');
    sendFile(res, path, {
      'content-security-policy': RENDERER_CSP,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
  };

  const answerFailure = (req: IncomingMessage, res: ServerResponse, error: unknown): void => {
    process.stderr.write(`faultline serve: request ${JSON.stringify(req.url)} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!res.headersSent) plain(res, 500, 'The server could not answer this request.');
    else res.destroy();
  };

  // Nothing a client sends may stop the host: whatever a request trips over is answered, not thrown.
  const server = createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (error) {
      answerFailure(req, res, error);
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const target = parseTarget(req);
    if (!target) return refuse('400 Bad Request');
    const { url } = target;
    if (!hostAllowed(req)) return refuse('421 Misdirected Request');
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!originAllowed(req)) return refuse('403 Forbidden');
    credentialOf(requestToken(req, url)).then(
      (who) => {
        if ('refused' in who) return refuse('401 Unauthorized');
        wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, who.credential));
      },
      () => refuse('500 Internal Server Error'),
    );
  });

  // Retried calls are recognised across sockets, not per socket: a reconnecting client has a new
  // one. The journal is one per run, its entries keyed by who called as well as the request id, so
  // nobody can be answered from someone else's call. A restart loses it (a retry then runs again).
  const journal = new CallJournal();

  const serveConnection = (ws: WebSocket, credential: Credential): void => {
    const scope = credential.kind === 'local' ? 'local' : credential.token;
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.subscribe((name, payload) => send({ type: 'event', name, payload }));
    ws.on('close', unsubscribe);
    // A malformed frame (bad UTF-8, unmasked, reserved bits or opcodes, too large): ws has already
    // closed the connection with the matching code; the error only needs hearing, or it would stop the host.
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data, isBinary) => {
      let frame: RetriableCallFrame;
      try {
        if (isBinary) throw new Error('binary frame');
        frame = RetriableCallFrame.parse(JSON.parse(String(data)));
      } catch {
        ws.close(1003, 'Frames must be JSON calls of the Faultline contract.');
        return;
      }
      const { id, requestId, method, input } = frame;
      try {
        const execute = () => core.call(method, input, credential);
        const resultJson = requestId === undefined ? JSON.stringify(await execute()) : await journal.run(requestId, method, execute, scope);
        // The journal keeps answers as JSON; splicing it in spares serialising a large answer twice.
        if (ws.readyState === ws.OPEN) ws.send(`{"type":"result","id":${id},"result":${resultJson}}`);
      } catch (error) {
        process.stderr.write(`faultline serve: ${method} failed outside the contract: ${error instanceof Error ? error.message : String(error)}\n`);
        ws.close(1011, 'The server could not answer this call.');
      }
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
  allowedHosts = new Set([...allowedHostNames(host)].map((name) => `${name}:${port}`));
  allowedOrigins = new Set([origin, ...[...allowedHosts].map((h) => `http://${h}`)]);

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
