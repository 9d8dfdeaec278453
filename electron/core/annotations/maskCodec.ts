import { decode as decodePng, hasPngSignature } from 'fast-png';
import { deflateSync, inflateSync } from 'node:zlib';
import type { MaskPayload } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';

/**
 * Label maps at rest and on the wire: width×height uint8 class ids, row-major, zlib-deflated (the
 * format of `predictions.label_map`, and what the browser's CompressionStream('deflate') writes).
 * A 4096×4096 map is 16 MiB raw and typically well under 1 MiB deflated.
 */

/** Unlabelled (and ignored) pixels; never a class id (classes are 0..254). */
export const UNLABELLED = 255;

/** Inflates a stored label map, refusing one whose size is not width×height (or that would inflate past it). */
export function inflateLabelMap(blob: Uint8Array, width: number, height: number, what: string): Uint8Array {
  const expected = width * height;
  if (hasPngSignature(blob)) return labelMapFromPng(blob, width, height, what);
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

/** Single-channel 8-bit PNGs (grey or indexed) hold class ids directly; ground truth imported as PNG is read this way. */
function labelMapFromPng(blob: Uint8Array, width: number, height: number, what: string): Uint8Array {
  const png = decodePng(blob);
  if (png.channels !== 1 || png.depth !== 8) {
    throw new FaultlineError('invalid_input', `The ${what} is a PNG with ${png.channels} channels of ${png.depth} bits; a label PNG has one 8-bit channel.`);
  }
  if (png.width !== width || png.height !== height) {
    throw new FaultlineError('invalid_input', `The ${what} is ${png.width}×${png.height}; the image is ${width}×${height}.`);
  }
  return new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
}

export function deflateLabelMap(labels: Uint8Array): Buffer {
  return deflateSync(labels, { level: 6 });
}

/**
 * Checks a mask sent by a renderer: the size of its image, and every pixel a known class or
 * unlabelled. Returns the deflated bytes to store, as sent.
 */
export function readMaskPayload(
  payload: MaskPayload,
  image: { width: number; height: number },
  classIds: ReadonlySet<number>,
): Buffer {
  if (payload.width !== image.width || payload.height !== image.height) {
    throw new FaultlineError('invalid_input', `The mask is ${payload.width}×${payload.height}; the image is ${image.width}×${image.height}.`);
  }
  const deflated = Buffer.from(payload.data, 'base64');
  const labels = inflateLabelMap(deflated, payload.width, payload.height, 'mask');
  const allowed = new Uint8Array(256);
  allowed[UNLABELLED] = 1;
  for (const id of classIds) allowed[id] = 1;
  for (let i = 0; i < labels.length; i++) {
    if (allowed[labels[i]!] === 0) {
      const x = i % payload.width;
      const y = (i - x) / payload.width;
      throw new FaultlineError('invalid_input', `The mask has class ${labels[i]} at (${x}, ${y}), which is not a project class.`);
    }
  }
  return deflated;
}

export function maskPayload(deflated: Uint8Array, width: number, height: number): MaskPayload {
  return { width, height, encoding: 'deflate', data: Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength).toString('base64') };
}
