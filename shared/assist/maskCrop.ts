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
    /**
     * A preview at lower resolution: the runs cover ⌈width / scale⌉ × ⌈height / scale⌉ cells of
     * scale × scale pixels, each the pixel at its centre (or its last row or column's). Absent: 1.
     */
    scale: z.number().int().min(2).max(64).optional(),
    runs: z.string().max(48_000_000),
  })
  .strict();
export type MaskCrop = z.infer<typeof MaskCrop>;

/** The most pixels a preview carries: a full-HD image's, so up to that size previews are exact. */
export const PREVIEW_MAX_PIXELS = 1920 * 1080;

/**
 * The scale of a preview of a width × height box: 1 up to PREVIEW_MAX_PIXELS, above that the
 * least cell side that fits (a 12 MP photo's large object took P95 160 ms at full resolution,
 * most of it making, packing and painting pixels no screen shows).
 */
export function previewScale(width: number, height: number): number {
  const area = width * height;
  return area <= PREVIEW_MAX_PIXELS ? 1 : Math.ceil(Math.sqrt(area / PREVIEW_MAX_PIXELS));
}

/** Cells across and down a crop at `scale`. */
export function cropCells(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.ceil(width / scale), height: Math.ceil(height / scale) };
}

/**
 * The preview of a mask sampled once per scale × scale cell of the whole image (maskFromLowRes
 * with that step: `samples` is ⌈image width / scale⌉ wide), cut to `box`, the box of its ones in
 * samples: the crop's rect is that box in pixels, clipped to the image, so each of its cells is the
 * pixel at the cell's centre as a MaskCrop's cells are.
 */
export function sampledCrop(samples: Uint8Array, image: { width: number; height: number }, box: Rect, scale: number): MaskCrop {
  const across = Math.ceil(image.width / scale);
  const bits = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const row = (box.y + y) * across + box.x;
    bits.set(samples.subarray(row, row + box.width), y * box.width);
  }
  const x = box.x * scale;
  const y = box.y * scale;
  const rect = { x, y, width: Math.min(image.width, (box.x + box.width) * scale) - x, height: Math.min(image.height, (box.y + box.height) * scale) - y };
  const packed = cropFromMask({ rect: { x: 0, y: 0, width: box.width, height: box.height }, bits });
  return scale === 1 ? { ...rect, runs: packed.runs } : { ...rect, scale, runs: packed.runs };
}

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

/**
 * A crop read as its run lengths over its cells (pixels at scale 1): alternately outside and
 * inside, starting outside; `inside` counts the pixels inside (cells × scale², near the edges).
 */
export interface CropRuns {
  rect: Rect;
  scale: number;
  runs: Uint32Array;
  inside: number;
}

/** The crop's run lengths; a RangeError when they are not base64 varints adding up to its pixels. */
export function runsFromCrop(crop: MaskCrop): CropRuns {
  const scale = crop.scale ?? 1;
  const cells = cropCells(crop.width, crop.height, scale);
  const total = cells.width * cells.height;
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
    if (byte & 0x80 || at + run > total) throw new RangeError(`the mask's runs do not add up to its ${cells.width}×${cells.height} ${scale === 1 ? 'pixels' : 'cells'}`);
    if (k & 1) inside += run;
    runs[k++] = run;
    at += run;
  }
  if (at !== total) throw new RangeError(`the mask's runs add up to ${at} ${scale === 1 ? 'pixels' : 'cells'}, not its ${cells.width}×${cells.height}`);
  return { rect: { x: crop.x, y: crop.y, width: crop.width, height: crop.height }, scale, runs, inside: inside * scale * scale };
}

/** The mask (1 = inside) the runs describe, every pixel of a cell as the cell (a scaled preview made whole). */
export function maskFromRuns({ rect, scale, runs }: CropRuns): RectMask {
  const cells = cropCells(rect.width, rect.height, scale);
  const cellBits = new Uint8Array(cells.width * cells.height);
  let at = 0;
  for (let k = 0; k < runs.length; k++) {
    if (k & 1) cellBits.fill(1, at, at + runs[k]!);
    at += runs[k]!;
  }
  if (scale === 1) return { rect, bits: cellBits };
  const bits = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const cellRow = Math.floor(y / scale) * cells.width;
    for (let x = 0; x < rect.width; x++) bits[y * rect.width + x] = cellBits[cellRow + Math.floor(x / scale)]!;
  }
  return { rect, bits };
}

/** The crop's mask (1 = inside); a RangeError when its runs are not base64 varints adding up to its pixels. */
export function maskFromCrop(crop: MaskCrop): RectMask {
  return maskFromRuns(runsFromCrop(crop));
}
