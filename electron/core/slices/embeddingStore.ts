import { join } from 'node:path';
import sharp from 'sharp';
import { imageDisplayName } from '../../../shared/images/displayName.js';
import { imageStatistics } from '../../../shared/slices/imageStatistics.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { embeddedImageIds, embeddingReader, embeddingWriter } from '../store/embeddings.js';
import { imageFileReader, type ImageFile } from '../store/images.js';
import type { Embedder, EmbedderBackend } from './embedders.js';
import { exifTakenAt } from './exifTime.js';
import type { EmbeddingSource } from '../store/embeddings.js';

/** What the slices need of every image: its embedding and its appearance. */
export interface EmbeddingTable {
  imageIds: number[];
  dims: number;
  source: EmbeddingSource | null;
  /** imageIds.length × dims, row-major. */
  vectors: Float32Array;
  brightness: Float64Array;
  contrast: Float64Array;
  colourfulness: Float64Array;
  takenAt: Array<string | null>;
}

interface Decoded {
  imageId: number;
  item: unknown;
  brightness: number;
  contrast: number;
  colourfulness: number;
  takenAt: string | null;
}

async function decode(backend: EmbedderBackend, projectDir: string, imageId: number, file: ImageFile): Promise<Decoded | { imageId: number; error: string }> {
  const path = join(projectDir, file.relPath);
  try {
    const [prepared, meta] = await Promise.all([backend.prepareImage(path, imageId), sharp(path, { limitInputPixels: false }).metadata().catch(() => null)]);
    // Appearance is measured on the pixels the embedder sees (scaled, never padded).
    return { imageId, item: prepared.item, ...imageStatistics(prepared.rgb), takenAt: exifTakenAt(meta?.exif) };
  } catch (error) {
    return { imageId, error: `cannot decode ${imageDisplayName({ imageId, ...file })}: ${(error as Error).message}` };
  }
}

/**
 * Computes the embedding of every listed image that has none yet for this embedder, and stores
 * it with the image's appearance statistics: the cache is per (image, embedder), so a second run,
 * or the retrieval of fresh images, pays only for new images. A bad image gets an error row and
 * the rest go on. Decoding of the next batch overlaps the embedder's run of this one.
 */
export async function updateEmbeddings(
  project: { dir: string; db: Db },
  embedder: Embedder,
  imageIds: readonly number[],
  ctx?: JobContext,
): Promise<{ computed: number; failed: number }> {
  const { db } = project;
  const have = embeddedImageIds(db, embedder.key);
  const missing = imageIds.filter((id) => !have.has(id));
  if (missing.length === 0) return { computed: 0, failed: 0 };
  const fileOf = imageFileReader(db);
  const insert = embeddingWriter(db);
  ctx?.progress(0, missing.length, `Loading ${embedder.label}`);
  const backend = await embedder.open();
  let computed = 0;
  let failed = 0;
  const row = (imageId: number, vector: Buffer | null, d: Partial<Decoded>, error: string | null) =>
    insert({
      embedder: embedder.key,
      imageId,
      modelId: embedder.modelId,
      source: backend.source,
      vector,
      brightness: d.brightness ?? null,
      contrast: d.contrast ?? null,
      colourfulness: d.colourfulness ?? null,
      takenAt: d.takenAt ?? null,
      error,
    });
  const decodeBatch = (ids: number[]) => Promise.all(ids.map((id) => decode(backend, project.dir, id, fileOf(id)!)));
  try {
    const batches: number[][] = [];
    for (let i = 0; i < missing.length; i += backend.batchSize) batches.push(missing.slice(i, i + backend.batchSize));
    let next = batches.length ? decodeBatch(batches[0]!) : null;
    for (let b = 0; b < batches.length; b++) {
      ctx?.throwIfCancelled();
      const decoded = await next!;
      next = b + 1 < batches.length ? decodeBatch(batches[b + 1]!) : null;
      const ready = decoded.filter((d): d is Decoded => 'item' in d);
      const results = ready.length ? await backend.run(ready.map((d) => d.item)) : [];
      const byKey = new Map(ready.map((d) => [d.imageId, d]));
      db.transaction(() => {
        for (const d of decoded) {
          if ('error' in d) {
            row(d.imageId, null, {}, d.error);
            failed++;
          }
        }
        for (const r of results) {
          const d = byKey.get(r.key)!;
          if ('error' in r) {
            row(r.key, null, d, r.error);
            failed++;
            continue;
          }
          row(r.key, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength), d, null);
          computed++;
        }
      })();
      ctx?.progress(computed + failed, missing.length, `Embedding images with ${embedder.label}`);
    }
  } finally {
    await backend.close();
  }
  return { computed, failed };
}

/** The stored embeddings of the listed images (those with an error or none are left out, in order). */
export function loadEmbeddings(db: Db, embedderKey: string, imageIds: readonly number[]): EmbeddingTable {
  const row = embeddingReader(db);
  const kept: Array<{ id: number; vector: Float32Array; source: EmbeddingSource; brightness: number; contrast: number; colourfulness: number; takenAt: string | null }> = [];
  for (const id of imageIds) {
    const r = row(embedderKey, id);
    if (!r) continue;
    const vector = new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength));
    kept.push({
      id,
      vector,
      source: r.source,
      brightness: r.brightness ?? Number.NaN,
      contrast: r.contrast ?? Number.NaN,
      colourfulness: r.colourfulness ?? Number.NaN,
      takenAt: r.takenAt,
    });
  }
  // A model re-registered with another head could leave vectors of two sizes; the most common size wins.
  const sizes = new Map<number, number>();
  for (const k of kept) sizes.set(k.vector.length, (sizes.get(k.vector.length) ?? 0) + 1);
  const dims = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const rows = kept.filter((k) => k.vector.length === dims);
  const vectors = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => vectors.set(r.vector, i * dims));
  return {
    imageIds: rows.map((r) => r.id),
    dims,
    source: rows[0]?.source ?? null,
    vectors,
    brightness: Float64Array.from(rows, (r) => r.brightness),
    contrast: Float64Array.from(rows, (r) => r.contrast),
    colourfulness: Float64Array.from(rows, (r) => r.colourfulness),
    takenAt: rows.map((r) => r.takenAt),
  };
}
