import type { Rect } from '../../../shared/geometry/rect.js';

/** A rectangle of a label map as it was before an edit and as the edit left it. */
export interface Patch {
  rect: Rect;
  before: Uint8Array;
  after: Uint8Array;
}

/**
 * Rows up to this many pixels are copied byte by byte: a subarray per row (an object each) cost
 * more than the copy for a 64-pixel tile's rows, thousands of tiles an edit on a 12 MP photo.
 */
const SHORT_ROW = 256;

/** Copies the rectangle's pixels out of a row-major map into a new width·height array. */
export function readRect(labels: Uint8Array, width: number, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.width * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const from = (rect.y + row) * width + rect.x;
    const to = row * rect.width;
    if (rect.width <= SHORT_ROW) for (let x = 0; x < rect.width; x++) out[to + x] = labels[from + x]!;
    else out.set(labels.subarray(from, from + rect.width), to);
  }
  return out;
}

/** Writes a rectangle's pixels (as readRect returns them) back into the map. */
export function writeRect(labels: Uint8Array, width: number, rect: Rect, pixels: Uint8Array): void {
  for (let row = 0; row < rect.height; row++) {
    const from = row * rect.width;
    const to = (rect.y + row) * width + rect.x;
    if (rect.width <= SHORT_ROW) for (let x = 0; x < rect.width; x++) labels[to + x] = pixels[from + x]!;
    else labels.set(pixels.subarray(from, from + rect.width), to);
  }
}

/** Whether two arrays hold the same bytes, compared four at a time where both are aligned (readRect's are). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (; i < words; i++) if (wa[i] !== wb[i]) return false;
    i = words << 2;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
