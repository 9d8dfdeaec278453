import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../encoding/base64.js';
import type { Rect } from '../geometry/rect.js';
import type { RectMask } from './paintMask.js';

/** Largest crop side: the editor's largest image (MaskPayload allows 8192). */
const Side = z.number().int().min(1).max(8192);

/**
 * A binary mask inside a rectangle of an image, as run lengths: the crop's width × height pixels
 * row by row, alternately outside and inside, starting outside (so a first run may be 0), each an
 * unsigned LEB128 varint, the bytes base64-encoded. A decoder's mask is a few blobs, a few runs per
 * row, so a preview is a few kilobytes; even a fragmented one is about a byte per run. Both sides
 * make and read it synchronously in one pass, where deflate cost the renderer an asynchronous
 * stream per click.
 */
export const MaskCrop = z
  .object({
    x: z.number().int().min(0).max(8191),
    y: z.number().int().min(0).max(8191),
    width: Side,
    height: Side,
    runs: z.string().max(48_000_000),
  })
  .strict();
export type MaskCrop = z.infer<typeof MaskCrop>;

/** The mask (1 = inside) as a crop of run lengths. */
export function cropFromMask(mask: RectMask): MaskCrop {
  const { bits } = mask;
  let bytes = new Uint8Array(4096);
  let used = 0;
  const write = (run: number) => {
    // A varint of a run up to 8192² takes at most 4 bytes.
    if (used + 4 > bytes.length) {
      const grown = new Uint8Array(bytes.length * 2);
      grown.set(bytes);
      bytes = grown;
    }
    while (run >= 0x80) {
      bytes[used++] = (run & 0x7f) | 0x80;
      run >>>= 7;
    }
    bytes[used++] = run;
  };
  let inside = false;
  let start = 0;
  // Four pixels a step where they all continue the current run (0 or 0x01010101 as one 32-bit
  // word, byte order aside): a mask's pixels are almost all inside runs.
  const words = bits.byteOffset % 4 === 0 ? new Uint32Array(bits.buffer, bits.byteOffset, bits.length >>> 2) : null;
  let i = 0;
  while (i < bits.length) {
    if (words && (i & 3) === 0 && i + 4 <= bits.length && words[i >>> 2] === (inside ? 0x01010101 : 0)) {
      i += 4;
      continue;
    }
    if ((bits[i] !== 0) !== inside) {
      write(i - start);
      start = i;
      inside = !inside;
    }
    i++;
  }
  write(bits.length - start);
  return { ...mask.rect, runs: bytesToBase64(bytes.subarray(0, used)) };
}

/** A crop read as its run lengths: alternately outside and inside, starting outside; `inside` counts the pixels inside. */
export interface CropRuns {
  rect: Rect;
  runs: Uint32Array;
  inside: number;
}

/** The crop's run lengths; a RangeError when they are not base64 varints adding up to its pixels. */
export function runsFromCrop(crop: MaskCrop): CropRuns {
  const total = crop.width * crop.height;
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(crop.runs);
  } catch {
    throw new RangeError("the mask's runs are not base64");
  }
  // Each varint ends on a byte with its high bit clear.
  let count = 0;
  for (const byte of bytes) if (byte < 0x80) count++;
  const runs = new Uint32Array(count);
  let at = 0;
  let inside = 0;
  let k = 0;
  for (let i = 0; i < bytes.length; ) {
    let run = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[i++] ?? 0x80;
      run += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && i <= bytes.length && shift < 35);
    if (byte & 0x80 || at + run > total) throw new RangeError(`the mask's runs do not add up to its ${crop.width}×${crop.height} pixels`);
    if (k & 1) inside += run;
    runs[k++] = run;
    at += run;
  }
  if (at !== total) throw new RangeError(`the mask's runs add up to ${at} pixels, not its ${crop.width}×${crop.height}`);
  return { rect: { x: crop.x, y: crop.y, width: crop.width, height: crop.height }, runs, inside };
}

/** The mask (1 = inside) the runs describe. */
export function maskFromRuns({ rect, runs }: CropRuns): RectMask {
  const bits = new Uint8Array(rect.width * rect.height);
  let at = 0;
  for (let k = 0; k < runs.length; k++) {
    if (k & 1) bits.fill(1, at, at + runs[k]!);
    at += runs[k]!;
  }
  return { rect, bits };
}

/** The crop's mask (1 = inside); a RangeError when its runs are not base64 varints adding up to its pixels. */
export function maskFromCrop(crop: MaskCrop): RectMask {
  return maskFromRuns(runsFromCrop(crop));
}
