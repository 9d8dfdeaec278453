import type { Db } from './openProjectDb.js';

/** What an image's embedding vector was pooled from: the model's features, its class scores, or an image encoder. */
export type EmbeddingSource = 'features' | 'scores' | 'encoder';

/** What an embedder made of one image, and how the image looks. */
export interface StoredEmbedding {
  source: EmbeddingSource;
  vector: Buffer;
  brightness: number | null;
  contrast: number | null;
  colourfulness: number | null;
  takenAt: string | null;
}

/** Images this embedder has a row for: a vector or the error that stopped one. */
export function embeddedImageIds(db: Db, embedderKey: string): Set<number> {
  return new Set(db.prepare('SELECT image_id FROM slice_embeddings WHERE embedder = ?').pluck().all(embedderKey) as number[]);
}

export interface EmbeddingWrite {
  embedder: string;
  imageId: number;
  modelId: number | null;
  source: EmbeddingSource;
  vector: Buffer | null;
  brightness: number | null;
  contrast: number | null;
  colourfulness: number | null;
  takenAt: string | null;
  error: string | null;
}

/** Stores (or replaces) one image's embedding or error; prepared once for batches. */
export function embeddingWriter(db: Db): (row: EmbeddingWrite) => void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO slice_embeddings (embedder, image_id, model_id, source, vector, brightness, contrast, colourfulness, taken_at, error, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (r) => {
    insert.run(r.embedder, r.imageId, r.modelId, r.source, r.vector, r.brightness, r.contrast, r.colourfulness, r.takenAt, r.error, new Date().toISOString());
  };
}

/** Reads one image's embedding; undefined when there is none or it failed. */
export function embeddingReader(db: Db): (embedderKey: string, imageId: number) => StoredEmbedding | undefined {
  const read = db.prepare(
    'SELECT source, vector, brightness, contrast, colourfulness, taken_at FROM slice_embeddings WHERE embedder = ? AND image_id = ? AND error IS NULL AND vector IS NOT NULL',
  );
  return (embedderKey, imageId) => {
    const r = read.get(embedderKey, imageId) as
      | { source: EmbeddingSource; vector: Buffer; brightness: number | null; contrast: number | null; colourfulness: number | null; taken_at: string | null }
      | undefined;
    return r && { source: r.source, vector: r.vector, brightness: r.brightness, contrast: r.contrast, colourfulness: r.colourfulness, takenAt: r.taken_at };
  };
}

/** Images this captioner has a row for: a caption or the error that stopped one. */
export function captionedImageIds(db: Db, captionerKey: string): Set<number> {
  return new Set(db.prepare('SELECT image_id FROM image_captions WHERE captioner = ?').pluck().all(captionerKey) as number[]);
}

/** Stores (or replaces) one image's caption or error; prepared once for batches. */
export function captionWriter(db: Db): (captionerKey: string, imageId: number, caption: string | null, error: string | null, createdAt: string) => void {
  const insert = db.prepare('INSERT OR REPLACE INTO image_captions (captioner, image_id, caption, error, created_at) VALUES (?, ?, ?, ?, ?)');
  return (captionerKey, imageId, caption, error, createdAt) => {
    insert.run(captionerKey, imageId, caption, error, createdAt);
  };
}

/** Reads one image's caption; undefined when there is none or it failed. */
export function captionReader(db: Db): (captionerKey: string, imageId: number) => string | undefined {
  const read = db.prepare('SELECT caption FROM image_captions WHERE captioner = ? AND image_id = ? AND caption IS NOT NULL').pluck();
  return (captionerKey, imageId) => read.get(captionerKey, imageId) as string | undefined;
}
