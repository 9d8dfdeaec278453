import type { DistanceKind } from '../../../shared/mining/miningParams.js';
import type { MadPoolRow } from '../../../shared/mining/selectCandidatesStreamed.js';
import { DISTANCE_COLUMN } from './candidateSets.js';
import type { Db } from './openProjectDb.js';

/**
 * The pool as mining reads it (images, class fractions, pair distances), read by ranges of image
 * ids: per range, one aggregate row per table, whose ids and values group_concat has joined, in
 * place of one row per image and table. Handing a row to JavaScript, and above all a blob (a
 * fresh Buffer each), costs several times what SQLite spends finding it: about 2 µs per
 * fractions blob read a row at a time against 0.6 µs per image concatenated, for 4 million
 * blobs on a million-image pool with four models. group_concat turns a blob into text without
 * changing a byte in a UTF-8 database (every project is one), and CAST back to BLOB keeps them;
 * this SQLite writes a real as text that reads back as the same double (poolRanges.test.ts checks
 * both against rows read one at a time).
 */
const RANGE = 4096;

/** group_concat's comma-separated integers into `out` from index 0; returns how many. */
function parseIntegers(list: string | null, out: Float64Array): number {
  if (list === null) return 0;
  let n = 0;
  let v = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out[n++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  out[n++] = v;
  return n;
}

/** group_concat's comma-separated numbers (integers, reals, 'NaN') into `out` from index 0. */
function parseNumbers(list: string | null, out: Float64Array): number {
  if (list === null) return 0;
  const parts = list.split(',');
  for (let i = 0; i < parts.length; i++) out[i] = Number(parts[i]);
  return parts.length;
}

/** Highest image id, for the last range. */
function maxImageId(db: Db): number {
  return (db.prepare('SELECT max(id) FROM images').pluck().get() as number | null) ?? 0;
}

/** The pool images (ok only) of one id range, in id order, with their pixels. */
function poolRangeReader(db: Db) {
  const read = db
    .prepare(
      `SELECT group_concat(id), group_concat(pixels) FROM (
         SELECT id, coalesce(width * height, 0) AS pixels FROM images
         WHERE split = 'pool' AND status = 'ok' AND id BETWEEN ? AND ? ORDER BY id)`,
    )
    .raw();
  const ids = new Float64Array(RANGE);
  const pixels = new Float64Array(RANGE);
  return {
    ids,
    pixels,
    /** Reads the range starting at `lo`; returns how many pool images it has. */
    read(lo: number): number {
      const [idList, pixelList] = read.get(lo, lo + RANGE - 1) as [string | null, string | null];
      parseNumbers(pixelList, pixels);
      return parseIntegers(idList, ids);
    },
  };
}

/** One model's successful class fractions over an id range, each found by its offset from the range's start. */
function fractionsRangeReader(db: Db, modelId: number) {
  const read = db
    .prepare(
      `SELECT group_concat(image_id), group_concat(length(class_fractions)), CAST(group_concat(class_fractions, '') AS BLOB)
       FROM predictions WHERE model_id = ? AND image_id BETWEEN ? AND ? AND error IS NULL AND class_fractions IS NOT NULL`,
    )
    .raw();
  const ids = new Float64Array(RANGE);
  const lengths = new Float64Array(RANGE);
  /** Byte offset of each image's fractions in `blob`; -1 where it has none. */
  const start = new Float64Array(RANGE);
  const bytes = new Float64Array(RANGE);
  let blob: Buffer | null = null;
  let lo = 0;
  return {
    read(from: number): void {
      lo = from;
      start.fill(-1);
      const [idList, lengthList, values] = read.get(modelId, lo, lo + RANGE - 1) as [string | null, string | null, Buffer | null];
      const n = parseIntegers(idList, ids);
      parseIntegers(lengthList, lengths);
      blob = values;
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const at = ids[i]! - lo;
        start[at] = offset;
        bytes[at] = lengths[i]!;
        offset += lengths[i]!;
      }
    },
    /** The fractions of image `lo + at`, viewed in place when aligned (a view valid until the next read), or null. */
    at(at: number): Float32Array | null {
      const offset = start[at]!;
      if (offset < 0 || blob === null) return null;
      const byteOffset = blob.byteOffset + offset;
      const length = bytes[at]! >> 2;
      if (byteOffset % 4 === 0) return new Float32Array(blob.buffer, byteOffset, length);
      return new Float32Array(blob.buffer.slice(byteOffset, byteOffset + bytes[at]!));
    },
  };
}

/** A pair's stored distance of one kind over an id range, NaN where none is stored. */
function distanceRangeReader(db: Db, targetId: number, competitorId: number, distance: DistanceKind) {
  const read = db
    .prepare(
      `SELECT group_concat(image_id), group_concat(ifnull(${DISTANCE_COLUMN[distance]}, 'NaN'))
       FROM pair_discrepancies WHERE target_id = ? AND competitor_id = ? AND image_id BETWEEN ? AND ?`,
    )
    .raw();
  const ids = new Float64Array(RANGE);
  const values = new Float64Array(RANGE);
  const d = new Float64Array(RANGE);
  return {
    d,
    read(lo: number): void {
      d.fill(Number.NaN);
      const [idList, valueList] = read.get(targetId, competitorId, lo, lo + RANGE - 1) as [string | null, string | null];
      const n = parseIntegers(idList, ids);
      parseNumbers(valueList, values);
      for (let i = 0; i < n; i++) d[ids[i]! - lo] = values[i]!;
    },
  };
}

/**
 * The pool images with the target's class fractions and, per competitor, the pair's stored d of
 * one kind and the competitor's fractions, streamed in image order as MAD reads them: one pass
 * over the pool for every pair together. The one row object is refilled for every image, and its
 * fractions are views valid until the next row.
 */
export function* madPoolRows(db: Db, targetId: number, competitorIds: readonly number[], distance: DistanceKind): Generator<MadPoolRow> {
  const pool = poolRangeReader(db);
  const target = fractionsRangeReader(db, targetId);
  const competitors = competitorIds.map((id) => fractionsRangeReader(db, id));
  const distances = competitorIds.map((id) => distanceRangeReader(db, targetId, id, distance));
  const row: MadPoolRow = { imageId: 0, target: null, pairs: competitorIds.map(() => ({ d: Number.NaN, competitor: null })), pixels: 0 };
  const last = maxImageId(db);
  for (let lo = 0; lo <= last; lo += RANGE) {
    const n = pool.read(lo);
    if (n === 0) continue;
    target.read(lo);
    for (const reader of competitors) reader.read(lo);
    for (const reader of distances) reader.read(lo);
    for (let i = 0; i < n; i++) {
      const at = pool.ids[i]! - lo;
      row.imageId = pool.ids[i]!;
      row.pixels = pool.pixels[i]!;
      row.target = target.at(at);
      for (let j = 0; j < row.pairs.length; j++) {
        const pair = row.pairs[j]!;
        pair.d = distances[j]!.d[at]!;
        pair.competitor = competitors[j]!.at(at);
      }
      yield row;
    }
  }
}

/**
 * Class fractions of the model's successful predictions of pool images, with each image's pixels,
 * streamed in image order; each fractions array is a view valid until the next row.
 */
export function* poolClassFractions(db: Db, modelId: number): Generator<{ imageId: number; fractions: Float32Array; pixels: number }> {
  const pool = poolRangeReader(db);
  const model = fractionsRangeReader(db, modelId);
  const last = maxImageId(db);
  for (let lo = 0; lo <= last; lo += RANGE) {
    const n = pool.read(lo);
    if (n === 0) continue;
    model.read(lo);
    for (let i = 0; i < n; i++) {
      const fractions = model.at(pool.ids[i]! - lo);
      if (fractions) yield { imageId: pool.ids[i]!, fractions, pixels: pool.pixels[i]! };
    }
  }
}
