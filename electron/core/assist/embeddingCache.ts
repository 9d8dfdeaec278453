import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssistFrame } from '../../../shared/assist/assistFrame.js';
import type { Embedding } from './assistAdapters.js';

/**
 * Image embeddings kept in the project (`cache/assist/<encoder fingerprint>/<image hash>.emb`),
 * one file per (image, encoder): a ViT-B encoder takes seconds per image on a CPU, so an image
 * is encoded once. A file is a little-endian u32 header length, a JSON header (the frame and each
 * tensor's name and dims) and the float32 data; it is written beside and renamed into place so a
 * crash never leaves half a file under the final name. Deleting the folder only costs re-encoding.
 */
export const ASSIST_CACHE_DIR = join('cache', 'assist');

export interface CachedEmbedding {
  frame: AssistFrame;
  embedding: Embedding;
}

/** The file of one (image, encoder): the image's content hash hashed again, so any hash string makes a plain file name. */
function cachePath(projectDir: string, fingerprint: string, imageHash: string): string {
  const name = createHash('sha256').update(imageHash).digest('hex').slice(0, 32);
  return join(projectDir, ASSIST_CACHE_DIR, fingerprint, `${name}.emb`);
}

export function readCachedEmbedding(projectDir: string, fingerprint: string, imageHash: string): CachedEmbedding | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePath(projectDir, fingerprint, imageHash));
  } catch {
    return null;
  }
  try {
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { frame: AssistFrame; tensors: Array<{ name: string; dims: number[] }> };
    // Copied into an aligned buffer of its own: the file's bytes may start at any offset.
    let offset = 4 + headerLength;
    const embedding: Embedding = {};
    for (const t of header.tensors) {
      const count = t.dims.reduce((a, b) => a * b, 1);
      if (offset + 4 * count > bytes.length) return null;
      const data = new Float32Array(count);
      new Uint8Array(data.buffer).set(bytes.subarray(offset, offset + 4 * count));
      offset += 4 * count;
      embedding[t.name] = { dims: t.dims, data };
    }
    return { frame: header.frame, embedding };
  } catch {
    // A damaged file is only a cache miss: the image is encoded again and the file replaced.
    return null;
  }
}

export function writeCachedEmbedding(projectDir: string, fingerprint: string, imageHash: string, cached: CachedEmbedding): void {
  const path = cachePath(projectDir, fingerprint, imageHash);
  mkdirSync(join(projectDir, ASSIST_CACHE_DIR, fingerprint), { recursive: true });
  const tensors = Object.entries(cached.embedding).map(([name, t]) => ({ name, dims: t.dims }));
  const header = Buffer.from(JSON.stringify({ frame: cached.frame, tensors }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const parts = [length, header, ...Object.values(cached.embedding).map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))];
  const temp = `${path}.writing-${process.pid}`;
  try {
    writeFileSync(temp, Buffer.concat(parts));
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
