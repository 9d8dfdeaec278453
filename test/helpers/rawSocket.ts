import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** Sends raw bytes and collects what comes back until the server closes or goes quiet. */
export function exchange(port: number, bytes: Buffer | string, quietMs = 300): Promise<string> {
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

/** Whether the server's (unmasked) frames in `bytes` include a complete close frame. */
function hasCloseFrame(bytes: Buffer): boolean {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (at + 4 > bytes.length) return false;
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (at + 10 > bytes.length) return false;
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (at + header + length > bytes.length) return false;
    if (opcode === 0x8) return true;
    at += header + length;
  }
  return false;
}

/** A WebSocket opened by hand, so frames no library would send can be written to it. */
export function rawWebSocket(port: number, token: string): Promise<{ socket: Socket; closed: Promise<Buffer> }> {
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
        // The server has said its last word; waiting for it to time out our missing close reply proves nothing.
        if (hasCloseFrame(rest)) socket.destroy();
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
export function frame(first: number, payload: Buffer, options: { masked?: boolean; declaredLength?: number } = {}): Buffer {
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
