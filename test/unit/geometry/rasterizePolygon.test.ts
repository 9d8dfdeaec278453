import { describe, expect, it } from 'vitest';
import { fillPolygon, fillPolygons, polygonBounds, type FillRule } from '../../../shared/geometry/rasterizePolygon.js';
import { lcg, renderMap } from './helpers.js';

/** Reference: centre inside under the rule (winding number / crossing parity) or within 1e-9 of an edge. */
function referenceInside(rings: number[][], cx: number, cy: number, rule: FillRule): boolean {
  let winding = 0;
  let crossings = 0;
  for (const ring of rings) {
    const k = ring.length / 2;
    for (let i = 0; i < k; i++) {
      const x0 = ring[2 * i] as number;
      const y0 = ring[2 * i + 1] as number;
      const x1 = ring[2 * ((i + 1) % k)] as number;
      const y1 = ring[2 * ((i + 1) % k) + 1] as number;
      const dx = x1 - x0;
      const dy = y1 - y0;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((cx - x0) * dx + (cy - y0) * dy) / len2)) : 0;
      if (Math.hypot(x0 + t * dx - cx, y0 + t * dy - cy) < 1e-9) return true;
      if ((y0 <= cy && cy < y1) || (y1 <= cy && cy < y0)) {
        const xi = x0 + ((cy - y0) * dx) / dy;
        if (cx < xi) {
          crossings++;
          winding += y1 > y0 ? 1 : -1;
        }
      }
    }
  }
  return rule === 'evenodd' ? crossings % 2 === 1 : winding !== 0;
}

describe('fillPolygon', () => {
  it('paints exactly the pixels of an axis-aligned square with corners on pixel corners', () => {
    const labels = new Uint8Array(36);
    const dirty = fillPolygon(labels, 6, 6, [1, 1, 4, 1, 4, 3, 1, 3], 2);
    expect(renderMap(labels, 6, 6)).toEqual(['......', '.222..', '.222..', '......', '......', '......']);
    expect(dirty).toEqual({ x: 1, y: 1, width: 3, height: 2 });
  });

  it('includes the clicked pixels when vertices sit on pixel centres', () => {
    const labels = new Uint8Array(64);
    const dirty = fillPolygon(labels, 8, 8, [2.5, 2.5, 5.5, 2.5, 5.5, 5.5, 2.5, 5.5], 1);
    expect(renderMap(labels, 8, 8)).toEqual([
      '........',
      '........',
      '..1111..',
      '..1111..',
      '..1111..',
      '..1111..',
      '........',
      '........',
    ]);
    expect(dirty).toEqual({ x: 2, y: 2, width: 4, height: 4 });
  });

  it('paints a right triangle with its diagonal through pixel centres, hypotenuse included', () => {
    const labels = new Uint8Array(25);
    fillPolygon(labels, 5, 5, [0.5, 0.5, 4.5, 4.5, 0.5, 4.5], 3);
    expect(renderMap(labels, 5, 5)).toEqual(['3....', '33...', '333..', '3333.', '33333']);
  });

  it('writes the hard class value over existing labels and leaves the outside alone', () => {
    const labels = new Uint8Array(16).fill(9);
    fillPolygon(labels, 4, 4, [0, 0, 2, 0, 2, 2, 0, 2], 4);
    expect(renderMap(labels, 4, 4)).toEqual(['4499', '4499', '9999', '9999']);
  });

  it('clips to the image and reports only the written rectangle', () => {
    const labels = new Uint8Array(16);
    const dirty = fillPolygon(labels, 4, 4, [-10, -10, 2, -10, 2, 2, -10, 2], 1);
    expect(renderMap(labels, 4, 4)).toEqual(['11..', '11..', '....', '....']);
    expect(dirty).toEqual({ x: 0, y: 0, width: 2, height: 2 });
    expect(fillPolygon(labels, 4, 4, [10, 10, 12, 10, 12, 12], 1)).toBeNull();
  });

  it('fills overlapping same-direction rings under non-zero and punches a hole under even-odd', () => {
    const outer = [0, 0, 8, 0, 8, 8, 0, 8];
    const inner = [2, 2, 6, 2, 6, 6, 2, 6];
    const nonzero = new Uint8Array(64);
    fillPolygons(nonzero, 8, 8, [outer, inner], 1, 'nonzero');
    expect(nonzero.reduce((s, v) => s + v, 0)).toBe(64);
    const evenodd = new Uint8Array(64);
    fillPolygons(evenodd, 8, 8, [outer, inner], 1, 'evenodd');
    expect(evenodd.reduce((s, v) => s + v, 0)).toBe(48);
    const reversedHole = new Uint8Array(64);
    fillPolygons(reversedHole, 8, 8, [outer, [2, 2, 2, 6, 6, 6, 6, 2]], 1, 'nonzero');
    expect(reversedHole.reduce((s, v) => s + v, 0)).toBe(48);
  });

  it('fills the centre of a self-crossing star under non-zero but not under even-odd', () => {
    const star: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = -Math.PI / 2 + (i * 4 * Math.PI) / 5;
      star.push(20 + 18 * Math.cos(a), 20 + 18 * Math.sin(a));
    }
    const a = new Uint8Array(1600);
    const b = new Uint8Array(1600);
    fillPolygon(a, 40, 40, star, 1, 'nonzero');
    fillPolygon(b, 40, 40, star, 1, 'evenodd');
    expect(a[20 * 40 + 20]).toBe(1);
    expect(b[20 * 40 + 20]).toBe(0);
    // Pixel (19, 5) lies in the top point, covered once: both rules paint it.
    expect(a[5 * 40 + 19]).toBe(1);
    expect(b[5 * 40 + 19]).toBe(1);
  });

  it('agrees pixel for pixel with a point-in-polygon reference on random polygons', () => {
    const rand = lcg(7);
    const w = 37;
    const h = 29;
    for (let t = 0; t < 60; t++) {
      const rings: number[][] = [];
      const ringCount = 1 + Math.floor(rand() * 2);
      for (let r = 0; r < ringCount; r++) {
        const k = 3 + Math.floor(rand() * 7);
        const ring: number[] = [];
        // Half of the cases on the half-pixel lattice, where centres fall exactly on edges and vertices.
        const snap = t % 2 === 0;
        for (let i = 0; i < k; i++) {
          const x = rand() * (w + 8) - 4;
          const y = rand() * (h + 8) - 4;
          ring.push(snap ? Math.round(x * 2) / 2 : x, snap ? Math.round(y * 2) / 2 : y);
        }
        rings.push(ring);
      }
      for (const rule of ['nonzero', 'evenodd'] as const) {
        const labels = new Uint8Array(w * h);
        const dirty = fillPolygons(labels, w, h, rings, 1, rule);
        let minX = w;
        let minY = h;
        let maxX = -1;
        let maxY = -1;
        const mismatches: string[] = [];
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const expected = referenceInside(rings, x + 0.5, y + 0.5, rule) ? 1 : 0;
            if (labels[y * w + x] !== expected) mismatches.push(`case ${t} ${rule} pixel ${x},${y}`);
            if (expected) {
              minX = Math.min(minX, x);
              maxX = Math.max(maxX, x);
              minY = Math.min(minY, y);
              maxY = Math.max(maxY, y);
            }
          }
        }
        expect(mismatches).toEqual([]);
        expect(dirty).toEqual(maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 });
        const bounds = polygonBounds(rings, w, h);
        if (dirty) {
          expect(bounds).not.toBeNull();
          expect(dirty.x).toBeGreaterThanOrEqual(bounds?.x ?? Infinity);
          expect(dirty.y).toBeGreaterThanOrEqual(bounds?.y ?? Infinity);
          expect(dirty.x + dirty.width).toBeLessThanOrEqual((bounds?.x ?? 0) + (bounds?.width ?? 0));
          expect(dirty.y + dirty.height).toBeLessThanOrEqual((bounds?.y ?? 0) + (bounds?.height ?? 0));
        }
      }
    }
  });

  it('rejects an odd number of coordinates, non-finite ones and a wrong map size', () => {
    expect(() => fillPolygon(new Uint8Array(4), 2, 2, [0, 0, 1], 1)).toThrow(RangeError);
    expect(() => fillPolygon(new Uint8Array(4), 2, 2, [0, 0, 1, Number.NaN, 2, 2], 1)).toThrow(RangeError);
    expect(() => fillPolygon(new Uint8Array(5), 2, 2, [0, 0, 1, 1, 2, 0], 1)).toThrow(RangeError);
  });
});
