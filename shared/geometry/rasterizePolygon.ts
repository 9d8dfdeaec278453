import { Bounds, clippedRect, type PaintTarget, type Rect } from './rect.js';

/**
 * Polygon fill into a label map with one hard class value. Coordinates are continuous image
 * coordinates: pixel (px, py) covers [px, px+1)×[py, py+1) and is sampled at its centre
 * (px+0.5, py+0.5). A pixel is painted when its centre is inside the polygon under the fill rule
 * OR lies on an edge (closed polygon), so vertices clicked on pixel centres paint those pixels and
 * a rectangle from (2.5,2.5) to (5.5,5.5) paints columns and rows 2..5, while one from (0,0) to
 * (4,4) paints exactly 0..3. Default rule non-zero winding (what users expect of a self-crossing
 * outline, as in canvas and SVG); 'evenodd' makes the inner ring of several rings a hole.
 * Scanline with an active edge list: no per-pixel allocation, rows written with fill().
 */

export type FillRule = 'nonzero' | 'evenodd';

/** Flat vertex list [x0, y0, x1, y1, …]; the ring closes itself. */
export type Ring = ArrayLike<number>;

const EPS = 1e-9;

/** Fills one polygon ring; returns the rectangle of written pixels, null if none. */
export function fillPolygon(
  labels: Uint8Array,
  width: number,
  height: number,
  ring: Ring,
  value: number,
  rule: FillRule = 'nonzero',
): Rect | null {
  return fillPolygons(labels, width, height, [ring], value, rule);
}

/** Fills several rings as one shape under the rule (holes, multi-part regions); returns the written rectangle. */
export function fillPolygons(
  labels: Uint8Array,
  width: number,
  height: number,
  rings: ReadonlyArray<Ring>,
  value: number,
  rule: FillRule = 'nonzero',
): Rect | null {
  if (labels.length !== width * height) throw new RangeError(`label map has ${labels.length} pixels, expected ${width}×${height}`);
  let edgeCount = 0;
  for (const ring of rings) {
    if (ring.length % 2 !== 0) throw new RangeError('a ring needs an even number of coordinates');
    for (let i = 0; i < ring.length; i++) {
      if (!Number.isFinite(ring[i] as number)) throw new RangeError('polygon coordinates must be finite');
    }
    if (ring.length >= 4) edgeCount += ring.length / 2;
  }
  const bounds = new Bounds();
  const target: PaintTarget = { labels, width, height, value, bounds };
  if (edgeCount === 0 || width === 0 || height === 0) return null;

  // Edges as (x at top, top y, dx/dy, winding, first row, last row) in parallel typed arrays.
  const ex = new Float64Array(edgeCount);
  const ey = new Float64Array(edgeCount);
  const slope = new Float64Array(edgeCount);
  const wind = new Int8Array(edgeCount);
  const firstRow = new Int32Array(edgeCount);
  const lastRow = new Int32Array(edgeCount);
  let n = 0;
  for (const ring of rings) {
    const k = ring.length / 2;
    if (k < 2) continue;
    for (let i = 0; i < k; i++) {
      const x0 = ring[2 * i] as number;
      const y0 = ring[2 * i + 1] as number;
      const j = (i + 1) % k;
      const x1 = ring[2 * j] as number;
      const y1 = ring[2 * j + 1] as number;
      paintBoundary(target, x0, y0, x1, y1);
      if (y0 === y1) continue;
      const down = y1 > y0;
      const top = down ? y0 : y1;
      const bottom = down ? y1 : y0;
      // Half-open in y: a row whose centre equals the top counts, one equal to the bottom does not,
      // so a vertex shared by two edges is crossed once.
      const r0 = Math.max(0, Math.ceil(top - 0.5));
      const r1 = Math.min(height - 1, Math.ceil(bottom - 0.5) - 1);
      if (r1 < r0) continue;
      ex[n] = down ? x0 : x1;
      ey[n] = top;
      slope[n] = (x1 - x0) / (y1 - y0);
      wind[n] = down ? 1 : -1;
      firstRow[n] = r0;
      lastRow[n] = r1;
      n++;
    }
  }

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (firstRow[a] as number) - (firstRow[b] as number));
  // Active edges kept sorted by their crossing x: rows change the order little, so the insertion
  // sort below costs about one pass per row even when a row crosses hundreds of edges.
  const active = new Int32Array(n);
  const xs = new Float64Array(n);
  let activeCount = 0;
  let next = 0;
  const startRow = n > 0 ? (firstRow[order[0] as number] as number) : height;
  for (let row = startRow; row < height && (next < n || activeCount > 0); row++) {
    let kept = 0;
    for (let a = 0; a < activeCount; a++) {
      const e = active[a] as number;
      if ((lastRow[e] as number) >= row) active[kept++] = e;
    }
    activeCount = kept;
    while (next < n && firstRow[order[next] as number] === row) active[activeCount++] = order[next++] as number;
    const yc = row + 0.5;
    for (let a = 0; a < activeCount; a++) {
      const e = active[a] as number;
      const x = (ex[e] as number) + (yc - (ey[e] as number)) * (slope[e] as number);
      let p = a;
      while (p > 0 && (xs[p - 1] as number) > x) {
        xs[p] = xs[p - 1] as number;
        active[p] = active[p - 1] as number;
        p--;
      }
      xs[p] = x;
      active[p] = e;
    }
    const base = row * width;
    let winding = 0;
    for (let i = 0; i + 1 < activeCount; i++) {
      winding += wind[active[i] as number] as number;
      const inside = rule === 'evenodd' ? (i & 1) === 0 : winding !== 0;
      if (!inside) continue;
      const a = Math.max(0, Math.ceil((xs[i] as number) - 0.5 - EPS));
      const b = Math.min(width - 1, Math.floor((xs[i + 1] as number) - 0.5 + EPS));
      if (b < a) continue;
      labels.fill(value, base + a, base + b + 1);
      bounds.addRun(a, b, row);
    }
  }
  return bounds.toRect();
}

/** Pixels whose centres lie exactly on the segment (closed-polygon rule); only lattice-aligned edges hit any. */
function paintBoundary(target: PaintTarget, x0: number, y0: number, x1: number, y1: number): void {
  const { labels, width, height, value, bounds } = target;
  if (y0 === y1) {
    const row = y0 - 0.5;
    const r = Math.round(row);
    if (Math.abs(row - r) > EPS || r < 0 || r >= height) return;
    const a = Math.max(0, Math.ceil(Math.min(x0, x1) - 0.5 - EPS));
    const b = Math.min(width - 1, Math.floor(Math.max(x0, x1) - 0.5 + EPS));
    if (b < a) return;
    labels.fill(value, r * width + a, r * width + b + 1);
    bounds.addRun(a, b, r);
    return;
  }
  const r0 = Math.max(0, Math.ceil(Math.min(y0, y1) - 0.5 - EPS));
  const r1 = Math.min(height - 1, Math.floor(Math.max(y0, y1) - 0.5 + EPS));
  const slope = (x1 - x0) / (y1 - y0);
  for (let r = r0; r <= r1; r++) {
    const col = x0 + (r + 0.5 - y0) * slope - 0.5;
    const c = Math.round(col);
    if (Math.abs(col - c) > EPS || c < 0 || c >= width) continue;
    labels[r * width + c] = value;
    bounds.addRun(c, c, r);
  }
}

/** Pixels a polygon fill may write, clipped to the image: take the undo snapshot of this rectangle before filling. */
export function polygonBounds(rings: ReadonlyArray<Ring>, width: number, height: number): Rect | null {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 2) {
      const x = ring[i] as number;
      const y = ring[i + 1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < minX) return null;
  return clippedRect(
    Math.ceil(minX - 0.5 - EPS),
    Math.ceil(minY - 0.5 - EPS),
    Math.floor(maxX - 0.5 + EPS),
    Math.floor(maxY - 0.5 + EPS),
    width,
    height,
  );
}
