import type { Rect } from '../../../shared/geometry/rect.js';

/** A rectangle of a label map as it was before an edit and as the edit left it. */
export interface Patch {
  rect: Rect;
  before: Uint8Array;
  after: Uint8Array;
}

/** Copies the rectangle's pixels out of a row-major map into a new width·height array. */
export function readRect(labels: Uint8Array, width: number, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.width * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const from = (rect.y + row) * width + rect.x;
    out.set(labels.subarray(from, from + rect.width), row * rect.width);
  }
  return out;
}

/** Writes a rectangle's pixels (as readRect returns them) back into the map. */
export function writeRect(labels: Uint8Array, width: number, rect: Rect, pixels: Uint8Array): void {
  for (let row = 0; row < rect.height; row++) {
    const from = row * rect.width;
    labels.set(pixels.subarray(from, from + rect.width), (rect.y + row) * width + rect.x);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
