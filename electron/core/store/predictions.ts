import type { InferenceModelCounts, PredictionView } from '../../../shared/contract/domain.js';
import { BatchWriter } from './batchWriter.js';
import type { StoredLabelMap } from './labelMapBlob.js';
import type { Db } from './openProjectDb.js';

/** What post-processing makes of one image's scores. */
export interface StoredPrediction {
  /** The label map's size: the image's, or less for a photo far larger than the model sees (predictionMapSize). */
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

/**
 * One image's outcome of an inference run: its prediction, with its embedding when the card
 * names one (the feature map pooled to one float32 per channel; null when the card names none
 * or the pooled values were not finite), or why it has none.
 */
export type ImageResult = ({ imageId: number; embedding: Float32Array | null } & StoredPrediction) | { imageId: number; error: string };

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
    `INSERT INTO predictions (model_id, image_id, error, map_width, map_height, mean_entropy, mean_margin, class_fractions, created_at, probs, embedding)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_id, image_id) DO UPDATE SET probs = excluded.probs
     WHERE predictions.probs IS NULL AND predictions.error IS NULL AND excluded.probs IS NOT NULL`,
  );
  // The map joins only a prediction that succeeded; an image already done keeps the map it has.
  const insertMap = db.prepare(
    `INSERT INTO prediction_maps (model_id, image_id, label_map)
     SELECT model_id, image_id, ? FROM predictions WHERE model_id = ? AND image_id = ? AND error IS NULL
     ON CONFLICT (model_id, image_id) DO NOTHING`,
  );
  return new BatchWriter<StoredResult>(
    db,
    (items) => {
      const now = new Date().toISOString();
      for (const { modelId, result: r } of items) {
        if ('error' in r) insert.run(modelId, r.imageId, r.error, null, null, null, null, null, now, null, null);
        else {
          const embedding = r.embedding ? blob(r.embedding) : null;
          insert.run(modelId, r.imageId, null, r.width, r.height, r.meanEntropy, r.meanMargin, blob(r.classFractions), now, r.probs ? blob(r.probs) : null, embedding);
          insertMap.run(blob(r.labelMap), modelId, r.imageId);
        }
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
      `SELECT m.label_map, p.class_fractions, p.mean_entropy, p.mean_margin, length(p.probs) AS probs_bytes, p.error, ${MAP_SIZE}
       FROM predictions p JOIN images i ON i.id = p.image_id LEFT JOIN ${MAP_OF_P}
       WHERE p.image_id = ? AND p.model_id = ?`,
    )
    .get(imageId, modelId) as PredictionRow | undefined;
  if (!row) return null;
  const fractions = row.class_fractions ? Array.from(decodeFractions(row.class_fractions)) : [];
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

/** The label map of predictions p, as m (join it to keep only predictions that have one). */
export const MAP_OF_P = 'prediction_maps m ON m.model_id = p.model_id AND m.image_id = p.image_id';

/** A prediction the model made, read with its map joined as MAP_OF_P: no error recorded. */
const SUCCESSFUL = 'p.error IS NULL';

/**
 * Read from predictions p joined with images i. Rows from before migration 0010 have no map
 * size: their maps are at the image's size.
 */
const MAP_SIZE = 'coalesce(p.map_width, i.width) AS width, coalesce(p.map_height, i.height) AS height';

/**
 * Reader of stored label maps (deflated, as written, at their stored size) prepared once for a
 * loop over images; undefined where the model has no successful prediction of the image.
 */
export function predictionLabelMapReader(db: Db): (imageId: number, modelId: number) => StoredLabelMap | undefined {
  const read = db.prepare(
    `SELECT m.label_map AS blob, ${MAP_SIZE} FROM predictions p JOIN images i ON i.id = p.image_id JOIN ${MAP_OF_P}
     WHERE p.image_id = ? AND p.model_id = ? AND ${SUCCESSFUL}`,
  );
  return (imageId, modelId) => read.get(imageId, modelId) as StoredLabelMap | undefined;
}

/**
 * Reader of a model's successful prediction of an image (deflated label map at its stored size
 * and any stored probabilities), prepared once for the loop over a set's images.
 */
export function successfulPredictionReader(db: Db): (imageId: number, modelId: number) => { labelMap: StoredLabelMap; probs: Buffer | null } | undefined {
  const read = db.prepare(
    `SELECT m.label_map AS blob, ${MAP_SIZE}, p.probs FROM predictions p JOIN images i ON i.id = p.image_id JOIN ${MAP_OF_P}
     WHERE p.image_id = ? AND p.model_id = ? AND ${SUCCESSFUL}`,
  );
  return (imageId, modelId) => {
    const row = read.get(imageId, modelId) as (StoredLabelMap & { probs: Buffer | null }) | undefined;
    return row && { labelMap: { blob: row.blob, width: row.width, height: row.height }, probs: row.probs };
  };
}

/** Predictions of an image that hold a label map, the target model's first: masks the editor can start from. */
export function labelMapPredictions(db: Db, imageId: number): Array<{ modelId: number; name: string; version: string; isTarget: boolean }> {
  const rows = db
    .prepare(
      `SELECT m.model_id, models.name, models.version, models.is_target FROM prediction_maps m JOIN models ON models.id = m.model_id
       WHERE m.image_id = ? ORDER BY models.is_target DESC, models.name, models.version`,
    )
    .all(imageId) as Array<{ model_id: number; name: string; version: string; is_target: number }>;
  return rows.map((r) => ({ modelId: r.model_id, name: r.name, version: r.version, isTarget: r.is_target !== 0 }));
}

/** The first bytes of each stored probability blob of a model, with its length and any inference error. */
export function probabilityHeads(db: Db, modelId: number, headBytes: number): Array<{ imageId: number; head: Buffer | null; bytes: number | null; error: string | null }> {
  const rows = db
    .prepare('SELECT image_id, substr(probs, 1, ?) AS head, length(probs) AS bytes, error FROM predictions WHERE model_id = ?')
    .all(headBytes, modelId) as Array<{ image_id: number; head: Buffer | null; bytes: number | null; error: string | null }>;
  return rows.map((r) => ({ imageId: r.image_id, head: r.head, bytes: r.bytes, error: r.error }));
}

export function storedProbabilities(db: Db, imageId: number, modelId: number): Buffer | null {
  return (db.prepare('SELECT probs FROM predictions WHERE image_id = ? AND model_id = ?').pluck().get(imageId, modelId) as Buffer | null | undefined) ?? null;
}

/** predictions.class_fractions is a Float32Array of the model's class fractions, as written. */
const decodeFractions = (blob: Buffer): Float32Array => new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

/**
 * Reader of the embedding inference stored with a model's successful prediction of an image
 * (float32, one value per channel of the card's embedding tensor), prepared once for a loop;
 * undefined where there is none.
 */
export function predictionEmbeddingReader(db: Db): (imageId: number, modelId: number) => Float32Array | undefined {
  const read = db.prepare('SELECT embedding FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL AND embedding IS NOT NULL').pluck();
  return (imageId, modelId) => {
    const blob = read.get(imageId, modelId) as Buffer | undefined;
    return blob && new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  };
}

/** Class fractions of every successful prediction of the model, streamed. */
export function* modelClassFractions(db: Db, modelId: number): Generator<{ imageId: number; fractions: Float32Array }> {
  const rows = db
    .prepare('SELECT image_id, class_fractions FROM predictions WHERE model_id = ? AND error IS NULL AND class_fractions IS NOT NULL')
    .iterate(modelId) as IterableIterator<{ image_id: number; class_fractions: Buffer }>;
  for (const row of rows) yield { imageId: row.image_id, fractions: decodeFractions(row.class_fractions) };
}

/** Reader of one image's class fractions under a model, prepared once for a loop over images. */
export function classFractionsReader(db: Db): (imageId: number, modelId: number) => Float32Array | undefined {
  const read = db.prepare('SELECT class_fractions FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL').pluck();
  return (imageId, modelId) => {
    const blob = read.get(imageId, modelId) as Buffer | null | undefined;
    return blob ? decodeFractions(blob) : undefined;
  };
}

/** Mean entropy and margin of every successful prediction of the model, streamed. */
export function* modelUncertainty(db: Db, modelId: number): Generator<{ imageId: number; meanEntropy: number | null; meanMargin: number | null }> {
  const rows = db
    .prepare('SELECT image_id, mean_entropy, mean_margin FROM predictions WHERE model_id = ? AND error IS NULL')
    .iterate(modelId) as IterableIterator<{ image_id: number; mean_entropy: number | null; mean_margin: number | null }>;
  for (const row of rows) yield { imageId: row.image_id, meanEntropy: row.mean_entropy, meanMargin: row.mean_margin };
}
