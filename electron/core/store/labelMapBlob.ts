import { constants, deflateSync, inflateSync } from 'node:zlib';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { resampleLabelMap } from '../../../shared/labels/resampleLabelMap.js';

/**
 * How hard deflateLabelMap works. 'compact': zlib level 6, which also finds rows that repeat the
 * row above (painted masks). 'fast': run-length matches only (Z_RLE), for predictions written per
 * image in bulk: on upsampled prediction maps 4–7× faster than level 6 at nearly its size
 * (160×120: 0.04 ms, 1.0 kB against 0.21 ms, 0.85 kB; 1024×768: 0.48 ms, 11.4 kB against 3.2 ms,
 * 11.3 kB), and smaller and faster than level 1. Both are plain zlib data that inflateLabelMap reads.
 */
export type LabelMapEffort = 'compact' | 'fast';

/**
 * The one storage layout of a label map in a project (ground truth, annotations, predictions,
 * flagged pixels) and on the wire: width × height uint8 class ids, row-major, 255 = unlabelled or
 * ignored, zlib-deflated (what the browser's CompressionStream('deflate') writes too). Width and
 * height are the image's after EXIF orientation, except a prediction's, which may be stored smaller
 * (shared/labels/predictionMapSize.ts; StoredLabelMap says its size). A 4096×4096 map is 16 MiB raw and typically well
 * under 1 MiB deflated.
 */
export function deflateLabelMap(labels: Uint8Array, effort: LabelMapEffort = 'compact'): Buffer {
  return deflateSync(labels, effort === 'compact' ? { level: 6 } : { level: 1, strategy: constants.Z_RLE });
}

/** Inflates a stored label map, refusing one whose size is not width×height (or that would inflate past it). */
export function inflateLabelMap(blob: Uint8Array, width: number, height: number, what: string): Uint8Array {
  const expected = width * height;
  let raw: Buffer;
  try {
    raw = inflateSync(blob, { maxOutputLength: expected + 1 });
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? `it holds more than ${width}×${height} pixels` : 'it is not zlib data';
    throw new FaultlineError('invalid_input', `The ${what} cannot be read: ${reason}.`);
  }
  if (raw.length !== expected) {
    throw new FaultlineError('invalid_input', `The ${what} holds ${raw.length} pixels; the image is ${width}×${height} (${expected}).`);
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** A label map as stored, with the size it was stored at (a prediction's may be below its image's). */
export interface StoredLabelMap {
  blob: Uint8Array;
  width: number;
  height: number;
}

/**
 * A stored label map at the size a caller works at (usually the image's, to meet ground truth or
 * a mask pixel for pixel): inflated at its stored size, then resampled by nearest neighbour.
 */
export function inflateLabelMapAt(stored: StoredLabelMap, width: number, height: number, what: string): Uint8Array {
  return resampleLabelMap(inflateLabelMap(stored.blob, stored.width, stored.height, what), stored, { width, height });
}
