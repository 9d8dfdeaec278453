import type { IncomingMessage } from 'node:http';

/** Where binary tensors start in a body whose JSON header has `headerLength` bytes: on an 8-byte boundary, so every tensor type can be viewed there without a copy. */
const ALIGN = 8;

/**
 * Reads a whole HTTP body (request or response) into one buffer. With a Content-Length it is
 * read straight into a buffer of that size, placed so that the binary section after an
 * Inference-Header-Content-Length of `headerLength` bytes starts aligned: the tensors can then be
 * viewed where they lie instead of being copied again (a batch of logits is megabytes, and each
 * copy into fresh memory also costs page faults and garbage collection). Without one (chunked),
 * the chunks are joined.
 */
export function readBody(message: IncomingMessage, headerLength: number | null): Promise<Buffer> {
  const declared = Number(message.headers['content-length']);
  return new Promise((resolve, reject) => {
    message.on('error', reject);
    if (!Number.isSafeInteger(declared) || declared < 0) {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('end', () => resolve(Buffer.concat(chunks)));
      return;
    }
    const pad = headerLength !== null && Number.isSafeInteger(headerLength) && headerLength >= 0 ? (ALIGN - (headerLength % ALIGN)) % ALIGN : 0;
    const body = Buffer.allocUnsafeSlow(pad + declared).subarray(pad);
    let at = 0;
    message.on('data', (chunk: Buffer) => {
      // HTTP's parser never hands more than Content-Length; the check keeps a copy from overrunning if it did.
      if (at + chunk.length <= body.length) chunk.copy(body, at);
      at += chunk.length;
    });
    message.on('end', () => (at === body.length ? resolve(body) : reject(Object.assign(new Error(`the body had ${at} bytes, not the ${body.length} its Content-Length said`), { code: 'ECONNRESET' }))));
  });
}
