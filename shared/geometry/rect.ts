/** Pixel rectangles for dirty regions: what an edit touched, so only that part is uploaded or kept for undo. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Smallest rectangle holding both (null means empty). */
export function unionRect(a: Rect | null, b: Rect | null): Rect | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * Inclusive pixel bounds grown as pixels are written; one per operation, so painting allocates
 * nothing per pixel or per row.
 */
export class Bounds {
  minX = Number.POSITIVE_INFINITY;
  minY = Number.POSITIVE_INFINITY;
  maxX = Number.NEGATIVE_INFINITY;
  maxY = Number.NEGATIVE_INFINITY;

  /** Adds the horizontal run x0..x1 (inclusive) on row y. */
  addRun(x0: number, x1: number, y: number): void {
    if (x0 < this.minX) this.minX = x0;
    if (x1 > this.maxX) this.maxX = x1;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  /** The rectangle covered so far, or null if nothing was added. */
  toRect(): Rect | null {
    if (this.maxX < this.minX) return null;
    return { x: this.minX, y: this.minY, width: this.maxX - this.minX + 1, height: this.maxY - this.minY + 1 };
  }
}

/** Where one paint operation writes: the label map and its size, the class value, and the bounds it grows. */
export interface PaintTarget {
  labels: Uint8Array;
  width: number;
  height: number;
  value: number;
  bounds: Bounds;
}

/** Rectangle of the pixel columns x0..x1 and rows y0..y1 (inclusive) clipped to the image, null if empty. */
export function clippedRect(x0: number, y0: number, x1: number, y1: number, width: number, height: number): Rect | null {
  const ax = Math.max(0, x0);
  const ay = Math.max(0, y0);
  const bx = Math.min(width - 1, x1);
  const by = Math.min(height - 1, y1);
  if (bx < ax || by < ay) return null;
  return { x: ax, y: ay, width: bx - ax + 1, height: by - ay + 1 };
}
