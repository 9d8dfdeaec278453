import type { InferenceModelCounts, PredictionView } from '../../../shared/contract/domain.js';
import { BatchWriter } from './batchWriter.js';
import type { Db } from './openProjectDb.js';

/** What inference stores for one image. */
export interface StoredPrediction {
  width: number;
  height: number;
  /** zlib-deflated uint8 label map, width × height. */
  labelMap: Uint8Array;
  classFractions: Float32Array;
  meanEntropy: number;
  meanMargin: number;
  /** Uint8 probabilities at the score map's resolution (probsBlob), when asked for. */
  probs: Uint8Array | null;
}

/** One image's outcome of an inference run: its prediction, or why it has none. */
export type ImageResult = ({ imageId: number } & StoredPrediction) | { imageId: number; error: string };

export interface PendingImage {
  id: number;
  relPath: string;
  width: number | null;
  height: number | null;
}

/**
 * What counts as done for an image: a stored result of the model; when probabilities are wanted,
 * a prediction without them is not done yet (an error record is).
 */
const DONE = `EXISTS (SELECT 1 FROM predictions p WHERE p.image_id = i.id AND p.model_id = @modelId
                AND (@needProbs = 0 OR p.probs IS NOT NULL OR p.error IS NOT NULL))`;

/** Images (status 'ok') the model has not done yet (see DONE), by id after `after`. */
export function pendingImages(db: Db, modelId: number, after: number, limit: number, needProbs = false): PendingImage[] {
  return (
    db
      .prepare(`SELECT i.id, i.rel_path, i.width, i.height FROM images i WHERE i.status = 'ok' AND i.id > @after AND NOT ${DONE} ORDER BY i.id LIMIT @limit`)
      .all({ after, modelId, limit, needProbs: needProbs ? 1 : 0 }) as Array<{ id: number; rel_path: string; width: number | null; height: number | null }>
  ).map((r) => ({ id: r.id, relPath: r.rel_path, width: r.width, height: r.height }));
}

export function countPending(db: Db, modelId: number, needProbs = false): number {
  return db
    .prepare(`SELECT count(*) FROM images i WHERE i.status = 'ok' AND NOT ${DONE}`)
    .pluck()
    .get({ modelId, needProbs: needProbs ? 1 : 0 }) as number;
}

/** Drops a model's error records so the next run tries those images again. */
export function deleteFailedPredictions(db: Db, modelId: number): number {
  return db.prepare('DELETE FROM predictions WHERE model_id = ? AND error IS NOT NULL').run(modelId).changes;
}

/** Drops every stored result of a model; returns how many there were. */
export function deleteModelPredictions(db: Db, modelId: number): number {
  return db.prepare('DELETE FROM predictions WHERE model_id = ?').run(modelId).changes;
}

export function modelPredictionCounts(db: Db, models: readonly { id: number; name: string; version: string }[]): InferenceModelCounts[] {
  const images = db.prepare("SELECT count(*) FROM images WHERE status = 'ok'").pluck().get() as number;
  const stored = db.prepare(
    `SELECT count(*) AS done, coalesce(sum(p.error IS NOT NULL), 0) AS failed
     FROM predictions p JOIN images i ON i.id = p.image_id WHERE i.status = 'ok' AND p.model_id = ?`,
  );
  return models.map((m) => {
    const { done, failed } = stored.get(m.id) as { done: number; failed: number };
    return { modelId: m.id, name: m.name, version: m.version, images, done: done - failed, failed, pending: images - done };
  });
}

/** better-sqlite3 binds Buffers; results arrive from workers as plain typed arrays. */
function blob(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

export interface StoredResult {
  modelId: number;
  result: ImageResult;
}

/**
 * Batched writer of results (one transaction per 64 rows or 500 ms, so a crash loses at most
 * that much work). A row per (image, model) records that the work is done; a row already there
 * is kept, so a rerun or a second writer never duplicates one — except that a prediction stored
 * without probabilities gets them when a later run computes them.
 */
export function predictionWriter(db: Db): BatchWriter<StoredResult> {
  const insert = db.prepare(
    `INSERT INTO predictions (image_id, model_id, label_map, class_fractions, mean_entropy, mean_margin, probs, error, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (image_id, model_id) DO UPDATE SET probs = excluded.probs
     WHERE predictions.probs IS NULL AND predictions.error IS NULL AND excluded.probs IS NOT NULL`,
  );
  return new BatchWriter<StoredResult>(
    db,
    (items) => {
      const now = new Date().toISOString();
      for (const { modelId, result: r } of items) {
        if ('error' in r) insert.run(r.imageId, modelId, null, null, null, null, null, r.error, now);
        else insert.run(r.imageId, modelId, blob(r.labelMap), blob(r.classFractions), r.meanEntropy, r.meanMargin, r.probs ? blob(r.probs) : null, null, now);
      }
    },
    { batchSize: 64, maxDelayMs: 500 },
  );
}

interface PredictionRow {
  label_map: Buffer | null;
  class_fractions: Buffer | null;
  mean_entropy: number | null;
  mean_margin: number | null;
  probs_bytes: number | null;
  error: string | null;
  width: number | null;
  height: number | null;
}

export function readPrediction(db: Db, imageId: number, modelId: number): PredictionView | null {
  const row = db
    .prepare(
      `SELECT p.label_map, p.class_fractions, p.mean_entropy, p.mean_margin, length(p.probs) AS probs_bytes, p.error, i.width, i.height
       FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.image_id = ? AND p.model_id = ?`,
    )
    .get(imageId, modelId) as PredictionRow | undefined;
  if (!row) return null;
  const fractions = row.class_fractions
    ? Array.from(new Float32Array(row.class_fractions.buffer.slice(row.class_fractions.byteOffset, row.class_fractions.byteOffset + row.class_fractions.byteLength)))
    : [];
  return {
    imageId,
    modelId,
    width: row.width,
    height: row.height,
    failure: row.error,
    labelMap: row.label_map ? row.label_map.toString('base64') : null,
    classFractions: fractions,
    meanEntropy: row.mean_entropy,
    meanMargin: row.mean_margin,
    probsBytes: row.probs_bytes ?? 0,
  };
}

/**
 * Reader of stored label maps (deflated, as written) prepared once for a loop over images;
 * undefined where the model has no successful prediction of the image.
 */
export function predictionLabelMapReader(db: Db): (imageId: number, modelId: number) => Buffer | undefined {
  const read = db.prepare('SELECT label_map FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL').pluck();
  return (imageId, modelId) => read.get(imageId, modelId) as Buffer | undefined;
}
