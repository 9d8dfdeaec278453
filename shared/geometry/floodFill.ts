import { Bounds, type Rect } from './rect.js';

/**
 * Bucket fill of a label map: the 4-connected region of pixels sharing the seed's class takes the
 * new class. Span (scanline) fill with an explicit Int32Array stack of seeds: no recursion, no
 * per-pixel allocation, each row span written with fill().
 */

export interface FillResult {
  changed: number;
  /** Rectangle of changed pixels, null when nothing changed. */
  dirty: Rect | null;
}

/** Replaces the 4-connected region of the seed's class containing (x, y) with `value` (coordinates floored). */
export function floodFill(labels: Uint8Array, width: number, height: number, x: number, y: number, value: number): FillResult {
  if (labels.length !== width * height) throw new RangeError(`label map has ${labels.length} pixels, expected ${width}×${height}`);
  const sx = Math.floor(x);
  const sy = Math.floor(y);
  if (!(sx >= 0 && sy >= 0 && sx < width && sy < height)) return { changed: 0, dirty: null };
  const target = labels[sy * width + sx] as number;
  // Compare against the value as the array will store it, so 256 on a Uint8Array is not an endless fill.
  const stored = value & 0xff;
  if (target === stored) return { changed: 0, dirty: null };

  const bounds = new Bounds();
  let changed = 0;
  let stack = new Int32Array(256);
  let top = 0;
  stack[top++] = sx;
  stack[top++] = sy;
  while (top > 0) {
    const cy = stack[--top] as number;
    const cx = stack[--top] as number;
    const row = cy * width;
    if (labels[row + cx] !== target) continue;
    let l = cx;
    while (l > 0 && labels[row + l - 1] === target) l--;
    let r = cx;
    while (r < width - 1 && labels[row + r + 1] === target) r++;
    labels.fill(stored, row + l, row + r + 1);
    changed += r - l + 1;
    bounds.addRun(l, r, cy);
    for (let ny = cy - 1; ny <= cy + 1; ny += 2) {
      if (ny < 0 || ny >= height) continue;
      const nrow = ny * width;
      for (let px = l; px <= r; px++) {
        // One seed per run of target pixels: its left end (the run may extend beyond l; the pop widens it).
        if (labels[nrow + px] === target && (px === l || labels[nrow + px - 1] !== target)) {
          if (top + 2 > stack.length) {
            const grown = new Int32Array(stack.length * 2);
            grown.set(stack);
            stack = grown;
          }
          stack[top++] = px;
          stack[top++] = ny;
        }
      }
    }
  }
  return { changed, dirty: bounds.toRect() };
}
