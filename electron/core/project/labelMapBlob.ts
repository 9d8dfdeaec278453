import { deflateSync, inflateSync } from 'node:zlib';
import { FaultlineError } from '../../../shared/contract/errors.js';

/**
 * The one storage layout of a label map in a project (ground truth, annotations, predictions,
 * flagged pixels) and on the wire: width × height uint8 class ids, row-major, 255 = unlabelled or
 * ignored, zlib-deflated (what the browser's CompressionStream('deflate') writes too). Width and
 * height are the image's after EXIF orientation. A 4096×4096 map is 16 MiB raw and typically well
 * under 1 MiB deflated.
 */
export function deflateLabelMap(labels: Uint8Array): Buffer {
  return deflateSync(labels, { level: 6 });
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
