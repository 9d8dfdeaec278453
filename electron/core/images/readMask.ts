import { decode, type DecodedPng } from 'fast-png';
import { ImportFailureError } from './importFailure.js';

const HOW_TO_SAVE = 'Save masks as indexed (palette) or single-channel 8-bit PNGs whose values are class ids.';

/** Rows of 1/2/4-bit samples are packed and byte-padded; spread them to one byte per pixel. */
function unpackSamples(png: DecodedPng): Uint8Array {
  const { width, height, depth } = png;
  const data = png.data as Uint8Array;
  if (depth === 8) return data;
  const out = new Uint8Array(width * height);
  const stride = Math.ceil((width * depth) / 8);
  const max = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      out[y * width + x] = (data[y * stride + (bit >> 3)]! >> (8 - depth - (bit & 7))) & max;
    }
  }
  return out;
}

/**
 * Reads a ground-truth mask: a PASCAL VOC style indexed PNG (the palette indices are the class
 * ids, the colours are ignored) or a single-channel 8-bit PNG of class ids. The mask must have the
 * image's size after EXIF orientation. Returns one class id per pixel, row-major.
 */
export function readMaskPng(bytes: Uint8Array, expected: { width: number; height: number }): Uint8Array {
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (error) {
    throw new ImportFailureError('mask_invalid', `The mask is not a readable PNG (${(error as Error).message}). ${HOW_TO_SAVE}`);
  }
  if (png.channels !== 1) {
    const kind = png.channels >= 3 ? 'an RGB colour image' : 'a grey image with alpha';
    throw new ImportFailureError('mask_invalid', `The mask is ${kind}, whose colours cannot be read as class ids. ${HOW_TO_SAVE}`);
  }
  if (png.depth === 16) {
    throw new ImportFailureError('mask_invalid', `The mask is a 16-bit PNG; class ids must be 8-bit. ${HOW_TO_SAVE}`);
  }
  if (png.width !== expected.width || png.height !== expected.height) {
    throw new ImportFailureError(
      'mask_size',
      `The mask is ${png.width}×${png.height} but the image is ${expected.width}×${expected.height} (after EXIF orientation); they must match.`,
    );
  }
  return unpackSamples(png);
}
