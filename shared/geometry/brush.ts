import { Bounds, clippedRect, type PaintTarget, type Rect } from './rect.js';

/**
 * Round brush with hard class values (no anti-aliasing). A stamp paints the pixels whose centres
 * lie within `radius` of the point, plus the pixel under the point so the smallest brush still
 * paints. A stroke paints the capsule of pixels whose centres lie within `radius` of the segment,
 * plus every pixel the segment passes through: the union of stamps at every point of the segment,
 * so a fast drag leaves no gaps and even a thin stroke is 4-connected. Each row is one fill().
 */

const EPS = 1e-9;

/** Paints a disc of class `value` centred at (cx, cy), clipped to the image; returns the written rectangle. */
export function stampDisc(
  labels: Uint8Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  radius: number,
  value: number,
): Rect | null {
  return strokeSegment(labels, width, height, cx, cy, cx, cy, radius, value);
}

/** Paints the stroke from (x0, y0) to (x1, y1) with a round brush of `radius`, clipped; returns the written rectangle. */
export function strokeSegment(
  labels: Uint8Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  radius: number,
  value: number,
): Rect | null {
  if (labels.length !== width * height) throw new RangeError(`label map has ${labels.length} pixels, expected ${width}×${height}`);
  for (const v of [x0, y0, x1, y1, radius]) if (!Number.isFinite(v)) throw new RangeError('brush coordinates must be finite');
  if (radius < 0) throw new RangeError(`radius must be ≥ 0, got ${radius}`);
  const bounds = new Bounds();
  const target: PaintTarget = { labels, width, height, value, bounds };
  paintCapsule(target, x0, y0, x1, y1, radius);
  paintTraversal(target, x0, y0, x1, y1);
  return bounds.toRect();
}

/** Rectangle holding every pixel a stroke (or a stamp, with equal end points) may write: snapshot it before painting. */
export function strokeBounds(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  radius: number,
  width: number,
  height: number,
): Rect | null {
  return clippedRect(
    Math.floor(Math.min(x0, x1) - radius),
    Math.floor(Math.min(y0, y1) - radius),
    Math.floor(Math.max(x0, x1) + radius),
    Math.floor(Math.max(y0, y1) + radius),
    width,
    height,
  );
}

/** Pixels whose centres lie within r of the segment, one fill() per row. */
function paintCapsule(target: PaintTarget, x0: number, y0: number, x1: number, y1: number, r: number): void {
  const { labels, width, height, value, bounds } = target;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const len = Math.sqrt(len2);
  const r2 = r * r + EPS;
  const rowFrom = Math.max(0, Math.ceil(Math.min(y0, y1) - r - 0.5 - EPS));
  const rowTo = Math.min(height - 1, Math.floor(Math.max(y0, y1) + r - 0.5 + EPS));
  for (let row = rowFrom; row <= rowTo; row++) {
    const yc = row + 0.5;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    // The capsule meets a horizontal line in one interval: the hull of its two end discs' and its band's pieces.
    const h0 = r2 - (yc - y0) * (yc - y0);
    if (h0 >= 0) {
      const h = Math.sqrt(h0);
      lo = x0 - h;
      hi = x0 + h;
    }
    const h1 = r2 - (yc - y1) * (yc - y1);
    if (h1 >= 0) {
      const h = Math.sqrt(h1);
      if (x1 - h < lo) lo = x1 - h;
      if (x1 + h > hi) hi = x1 + h;
    }
    if (len2 > 0) {
      // Band: 0 ≤ t ≤ 1 along the segment and perpendicular distance ≤ r, both linear in x on this row.
      const ry = yc - y0;
      let a = Number.NEGATIVE_INFINITY;
      let b = Number.POSITIVE_INFINITY;
      let empty = false;
      if (dx !== 0) {
        const t0 = x0 - (ry * dy) / dx;
        const t1 = x0 + (len2 - ry * dy) / dx;
        a = Math.max(a, Math.min(t0, t1));
        b = Math.min(b, Math.max(t0, t1));
      } else if (ry * dy < 0 || ry * dy > len2) empty = true;
      if (dy !== 0) {
        const p0 = x0 + (ry * dx - r * len) / dy;
        const p1 = x0 + (ry * dx + r * len) / dy;
        a = Math.max(a, Math.min(p0, p1));
        b = Math.min(b, Math.max(p0, p1));
      } else if (Math.abs(ry) > r + EPS) empty = true;
      if (!empty && a <= b) {
        if (a < lo) lo = a;
        if (b > hi) hi = b;
      }
    }
    if (hi < lo) continue;
    const from = Math.max(0, Math.ceil(lo - 0.5 - EPS));
    const to = Math.min(width - 1, Math.floor(hi - 0.5 + EPS));
    if (to < from) continue;
    labels.fill(value, row * width + from, row * width + to + 1);
    bounds.addRun(from, to, row);
  }
}

/** Every pixel the segment passes through (Amanatides–Woo grid walk), one axis step at a time. */
function paintTraversal(target: PaintTarget, x0: number, y0: number, x1: number, y1: number): void {
  const { labels, width, height, value, bounds } = target;
  // Clip to the image grown by a pixel so a far-away end point cannot make the walk long.
  const clip = clipSegment(x0, y0, x1, y1, -1, -1, width + 1, height + 1);
  if (!clip) return;
  [x0, y0, x1, y1] = clip;
  let px = Math.floor(x0);
  let py = Math.floor(y0);
  const endX = Math.floor(x1);
  const endY = Math.floor(y1);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const stepX = dx > 0 ? 1 : -1;
  const stepY = dy > 0 ? 1 : -1;
  const deltaX = dx !== 0 ? Math.abs(1 / dx) : Number.POSITIVE_INFINITY;
  const deltaY = dy !== 0 ? Math.abs(1 / dy) : Number.POSITIVE_INFINITY;
  let maxX = dx > 0 ? (px + 1 - x0) / dx : dx < 0 ? (x0 - px) / -dx : Number.POSITIVE_INFINITY;
  let maxY = dy > 0 ? (py + 1 - y0) / dy : dy < 0 ? (y0 - py) / -dy : Number.POSITIVE_INFINITY;
  let leftX = Math.abs(endX - px);
  let leftY = Math.abs(endY - py);
  for (;;) {
    if (px >= 0 && py >= 0 && px < width && py < height) {
      labels[py * width + px] = value;
      bounds.addRun(px, px, py);
    }
    if (leftX === 0 && leftY === 0) return;
    // Counting the steps left on each axis keeps float error from walking past the end pixel.
    if (leftY === 0 || (leftX > 0 && maxX < maxY)) {
      px += stepX;
      maxX += deltaX;
      leftX--;
    } else {
      py += stepY;
      maxY += deltaY;
      leftY--;
    }
  }
}

/** Liang–Barsky clip of a segment to a box; null when it misses the box. */
function clipSegment(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
): [number, number, number, number] | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const sides: Array<[number, number]> = [
    [-dx, x0 - minX],
    [dx, maxX - x0],
    [-dy, y0 - minY],
    [dy, maxY - y0],
  ];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  // Unclipped ends stay exact so the walk starts and ends in the same pixels as without clipping.
  return t0 === 0 && t1 === 1 ? [x0, y0, x1, y1] : [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}
