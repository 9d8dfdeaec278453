import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../../helpers/runCliProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';

type Served = Awaited<ReturnType<typeof startServeProcess>>;

/** Sends raw bytes and collects what comes back until the server closes or goes quiet. */
function exchange(port: number, bytes: Buffer | string, quietMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      arm();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      socket.write(bytes);
      arm();
    });
  });
}

/** A WebSocket opened by hand, so frames no library would send can be written to it. */
function rawWebSocket(port: number, token: string): Promise<{ socket: Socket; closed: Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let head = Buffer.alloc(0);
    let rest = Buffer.alloc(0);
    let upgraded = false;
    const closed = new Promise<Buffer>((done) => {
      socket.on('close', () => (upgraded ? done(rest) : reject(new Error(`no upgrade: ${head.toString()}`))));
      socket.on('error', () => (upgraded ? done(rest) : reject(new Error(`no upgrade: ${head.toString()}`))));
    });
    socket.on('data', (d: Buffer) => {
      if (upgraded) {
        rest = Buffer.concat([rest, d]);
        return;
      }
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!head.subarray(0, end).toString().startsWith('HTTP/1.1 101')) reject(new Error(head.toString()));
      upgraded = true;
      rest = head.subarray(end + 4);
      resolve({ socket, closed });
    });
    socket.on('connect', () =>
      socket.write(
        `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
  });
}

/** One client frame: FIN/RSV/opcode byte, then a (masked unless told) payload. */
function frame(first: number, payload: Buffer, options: { masked?: boolean; declaredLength?: number } = {}): Buffer {
  const masked = options.masked ?? true;
  const length = options.declaredLength ?? payload.length;
  const header =
    length < 126
      ? Buffer.from([first, (masked ? 0x80 : 0) | length])
      : Buffer.concat([Buffer.from([first, (masked ? 0x80 : 0) | 127]), (() => {
          const b = Buffer.alloc(8);
          b.writeBigUInt64BE(BigInt(length));
          return b;
        })()]);
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

describe('the server host and hostile input', () => {
  const temp = makeTempDir();
  let served: Served;
  let port: number;
  let token: string;

  beforeAll(async () => {
    served = await startServeProcess([], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') });
    const url = new URL(served.url);
    port = Number(url.port);
    token = url.searchParams.get('token')!;
  });
  afterAll(async () => {
    await served.stop();
    temp.cleanup();
  });

  const stillServing = async (): Promise<void> => {
    expect(served.child.exitCode, served.output().stderr).toBeNull();
    const res = await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`);
    expect(res.status).toBe(200);
  };

  it.each(['/%ff', '/%E0%A4%A', '//[', '//x:99999/', '/api/%ff'])('answers GET %s with a 4xx and keeps serving', async (path) => {
    const answer = await exchange(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    await stillServing();
  });

  it('refuses a WebSocket upgrade to a malformed path and keeps serving', async () => {
    const answer = await exchange(
      port,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    await stillServing();
  });

  it('refuses a request whose Host is not the server (DNS rebinding) and keeps serving', async () => {
    const answer = await exchange(port, `GET / HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    const local = await exchange(port, `GET / HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`);
    expect(local).toMatch(/^HTTP\/1\.1 200 /);
    await stillServing();
  });

  const badFrames: Array<[string, () => Buffer, number]> = [
    ['a text frame that is not UTF-8', () => frame(0x81, Buffer.from([0xff, 0xfe, 0xfd])), 1007],
    ['an unmasked frame', () => frame(0x81, Buffer.from('{}'), { masked: false }), 1002],
    ['a reserved opcode', () => frame(0x83, Buffer.from('x')), 1002],
    ['a reserved bit', () => frame(0xc1, Buffer.from('x')), 1002],
    ['close code 999', () => frame(0x88, Buffer.from([0x03, 0xe7])), 1002],
    ['a fragmented ping', () => frame(0x09, Buffer.from('x')), 1002],
    ['a frame over the size limit', () => frame(0x82, Buffer.alloc(0), { declaredLength: 2 ** 40 }), 1009],
  ];

  it.each(badFrames)('closes the connection on %s with its close code and keeps serving', async (_name, build, code) => {
    const { socket, closed } = await rawWebSocket(port, token);
    socket.write(build());
    const answer = await closed;
    // The server's close frame: 0x88, length, then the code.
    const at = answer.indexOf(0x88);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(answer.readUInt16BE(at + 2)).toBe(code);
    await stillServing();
  });
});
