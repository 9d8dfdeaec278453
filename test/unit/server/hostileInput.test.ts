import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, frame, rawWebSocket } from '../../helpers/rawSocket.js';
import { startServeProcess } from '../../helpers/runCliProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';

type Served = Awaited<ReturnType<typeof startServeProcess>>;

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
