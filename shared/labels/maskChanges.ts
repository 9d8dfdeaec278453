import { Bounds, type Rect } from '../geometry/rect.js';

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
  const bounds = new Bounds();
  let count = 0;
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    changed[i] = 1;
    count++;
    const x = i % width;
    bounds.addRun(x, x, (i - x) / width);
  }
  return { changed, count, bounds: bounds.toRect() };
}
