import type { Rect } from '../geometry/rect.js';

export interface MaskChanges {
  /** 1 where the two label maps differ, 0 elsewhere; one byte per pixel, row-major. */
  changed: Uint8Array;
  /** How many pixels differ. */
  count: number;
  /** The smallest rectangle holding every changed pixel, or null when none changed. */
  bounds: Rect | null;
}

/**
 * Where two label maps of one image differ: what a reviewer looks at when a returned version
 * comes back, so the fix is seen without comparing the two masks by eye.
 */
export function maskChanges(before: Uint8Array, after: Uint8Array, width: number): MaskChanges {
  if (before.length !== after.length) throw new RangeError(`label maps differ in size: ${before.length} and ${after.length} pixels`);
  const changed = new Uint8Array(after.length);
  let count = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    changed[i] = 1;
    count++;
    const x = i % width;
    const y = (i - x) / width;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    y1 = y;
  }
  return { changed, count, bounds: count === 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } };
}
