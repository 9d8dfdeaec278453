import type { Rect } from '../../../shared/geometry/rect.js';

/** A rectangle of a label map as it was before an edit and as the edit left it. */
export interface Patch {
  rect: Rect;
  before: Uint8Array;
  after: Uint8Array;
}

/**
 * Rows up to this many pixels are copied in a loop: a subarray per row (an object each) cost more
 * than the copy for a 64-pixel tile's rows, thousands of tiles an edit on a 12 MP photo.
 */
const SHORT_ROW = 256;

/** The array as 32-bit words, or null when it does not start on a word. */
function words(a: Uint8Array): Uint32Array | null {
  return a.byteOffset % 4 === 0 ? new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2) : null;
}

/**
 * Copies a rect.width × rect.height block between two row-major arrays, `fromStride` and
 * `toStride` wide, starting at `from` and `to`: four pixels a step where every row of both starts
 * on a word (a 64-pixel tile of a map whose width is a multiple of 4).
 */
function copyBlock(source: Uint8Array, fromStride: number, from: number, target: Uint8Array, toStride: number, to: number, rect: Rect): void {
  const { width, height } = rect;
  if (width > SHORT_ROW) {
    for (let row = 0; row < height; row++) target.set(source.subarray(from + row * fromStride, from + row * fromStride + width), to + row * toStride);
    return;
  }
  const ws = (width | fromStride | toStride | from | to) % 4 === 0 ? words(source) : null;
  const wt = ws ? words(target) : null;
  if (ws && wt) {
    const n = width >>> 2;
    for (let row = 0; row < height; row++) {
      const f = (from + row * fromStride) >>> 2;
      const t = (to + row * toStride) >>> 2;
      for (let k = 0; k < n; k++) wt[t + k] = ws[f + k]!;
    }
    return;
  }
  for (let row = 0; row < height; row++) {
    const f = from + row * fromStride;
    const t = to + row * toStride;
    for (let x = 0; x < width; x++) target[t + x] = source[f + x]!;
  }
}

/** Copies the rectangle's pixels out of a row-major map into a new width·height array. */
export function readRect(labels: Uint8Array, width: number, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.width * rect.height);
  copyBlock(labels, width, rect.y * width + rect.x, out, rect.width, 0, rect);
  return out;
}

/** Writes a rectangle's pixels (as readRect returns them) back into the map. */
export function writeRect(labels: Uint8Array, width: number, rect: Rect, pixels: Uint8Array): void {
  copyBlock(pixels, rect.width, 0, labels, width, rect.y * width + rect.x, rect);
}

/** Whether two arrays hold the same bytes, compared four at a time where both start on a word (readRect's do). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const wa = words(a);
  const wb = wa && words(b);
  let i = 0;
  if (wa && wb) {
    for (; i < wa.length; i++) if (wa[i] !== wb[i]) return false;
    i = wa.length << 2;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
