import { describe, expect, it } from 'vitest';
import { stampDisc, strokeBounds, strokeSegment } from '../../../shared/geometry/brush.js';
import { lcg, renderMap } from './helpers.js';

function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
  return Math.hypot(x0 + t * dx - px, y0 + t * dy - py);
}

/** Whether the segment meets the closed pixel square [x, x+1]×[y, y+1] (Liang–Barsky). */
function segmentTouchesPixel(x: number, y: number, x0: number, y0: number, x1: number, y1: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  for (const [p, q] of [
    [-dx, x0 - x],
    [dx, x + 1 - x0],
    [-dy, y0 - y],
    [dy, y + 1 - y0],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else if (p < 0) t0 = Math.max(t0, q / p);
    else t1 = Math.min(t1, q / p);
  }
  return t0 <= t1 + 1e-12;
}

function isFourConnected(map: Uint8Array, w: number, h: number): boolean {
  const start = map.findIndex((v) => v !== 0);
  if (start < 0) return true;
  const seen = new Uint8Array(map.length);
  const stack = [start];
  seen[start] = 1;
  let reached = 0;
  while (stack.length > 0) {
    const i = stack.pop() as number;
    reached++;
    const x = i % w;
    for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w]) {
      if (j >= 0 && j < map.length && map[j] !== 0 && !seen[j]) {
        seen[j] = 1;
        stack.push(j);
      }
    }
  }
  return reached === map.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0) && h > 0;
}

describe('stampDisc', () => {
  it('paints pixels whose centres are within the radius: radius 1 on a centre is a plus', () => {
    const labels = new Uint8Array(25);
    const dirty = stampDisc(labels, 5, 5, 2.5, 2.5, 1, 4);
    expect(renderMap(labels, 5, 5)).toEqual(['.....', '..4..', '.444.', '..4..', '.....']);
    expect(dirty).toEqual({ x: 1, y: 1, width: 3, height: 3 });
  });

  it('paints a 3×3 block for radius 1.5 (diagonal centres at √2)', () => {
    const labels = new Uint8Array(25);
    stampDisc(labels, 5, 5, 2.5, 2.5, 1.5, 1);
    expect(renderMap(labels, 5, 5)).toEqual(['.....', '.111.', '.111.', '.111.', '.....']);
  });

  it('always paints the pixel under the point, even with radius 0', () => {
    const labels = new Uint8Array(30);
    expect(stampDisc(labels, 6, 5, 3.2, 4.7, 0, 2)).toEqual({ x: 3, y: 4, width: 1, height: 1 });
    expect(labels.reduce((s, v) => s + v, 0)).toBe(2);
  });

  it('clips at the image corner and reports the clipped rectangle', () => {
    const labels = new Uint8Array(16).fill(9);
    const dirty = stampDisc(labels, 4, 4, 0, 0, 2, 3);
    expect(renderMap(labels, 4, 4)).toEqual(['3399', '3999', '9999', '9999']);
    expect(dirty).toEqual({ x: 0, y: 0, width: 2, height: 2 });
    expect(stampDisc(labels, 4, 4, 20, 20, 2, 3)).toBeNull();
  });
});

describe('strokeSegment', () => {
  it('paints the capsule of a horizontal stroke: 11 + 9 + 9 pixels for radius 1', () => {
    const labels = new Uint8Array(13 * 9);
    const dirty = strokeSegment(labels, 13, 9, 2.5, 5.5, 10.5, 5.5, 1, 1);
    expect(renderMap(labels, 13, 9).slice(3, 8)).toEqual([
      '.............',
      '..111111111..',
      '.11111111111.',
      '..111111111..',
      '.............',
    ]);
    expect(dirty).toEqual({ x: 1, y: 4, width: 11, height: 3 });
  });

  it('leaves no gap and stays 4-connected for a fast thin diagonal drag', () => {
    const labels = new Uint8Array(64 * 64);
    strokeSegment(labels, 64, 64, 1.2, 2.7, 60.9, 47.3, 0, 1);
    expect(isFourConnected(labels, 64, 64)).toBe(true);
    expect(labels[2 * 64 + 1]).toBe(1);
    expect(labels[47 * 64 + 60]).toBe(1);
  });

  it('paints exactly the capsule plus pixels the segment crosses, on random strokes', () => {
    const rand = lcg(11);
    const w = 40;
    const h = 30;
    for (let t = 0; t < 80; t++) {
      const x0 = rand() * (w + 10) - 5;
      const y0 = rand() * (h + 10) - 5;
      const x1 = t % 4 === 0 ? x0 : rand() * (w + 10) - 5;
      const y1 = t % 4 === 0 ? y0 : rand() * (h + 10) - 5;
      const r = t % 5 === 0 ? rand() * 0.7 : rand() * 6;
      const labels = new Uint8Array(w * h);
      const dirty = strokeSegment(labels, w, h, x0, y0, x1, y1, r, 1);
      const bounds = strokeBounds(x0, y0, x1, y1, r, w, h);
      const problems: string[] = [];
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const painted = labels[y * w + x] === 1;
          const d = distanceToSegment(x + 0.5, y + 0.5, x0, y0, x1, y1);
          if (d <= r - 1e-9 && !painted) problems.push(`${t}: capsule pixel ${x},${y} missing`);
          if (painted && d > r + 1e-9 && !segmentTouchesPixel(x, y, x0, y0, x1, y1)) problems.push(`${t}: stray ${x},${y}`);
          const inDirty = dirty !== null && x >= dirty.x && y >= dirty.y && x < dirty.x + dirty.width && y < dirty.y + dirty.height;
          const inBounds = bounds !== null && x >= bounds.x && y >= bounds.y && x < bounds.x + bounds.width && y < bounds.y + bounds.height;
          if (painted && !(inDirty && inBounds)) problems.push(`${t}: ${x},${y} outside rectangles`);
        }
      }
      const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h;
      if (inside(x0, y0) && labels[Math.floor(y0) * w + Math.floor(x0)] !== 1) problems.push(`${t}: start pixel`);
      if (inside(x1, y1) && labels[Math.floor(y1) * w + Math.floor(x1)] !== 1) problems.push(`${t}: end pixel`);
      if (!isFourConnected(labels, w, h) && inside(x0, y0) && inside(x1, y1)) problems.push(`${t}: not 4-connected`);
      expect(problems).toEqual([]);
    }
  });

  it('ignores the far-away part of a stroke from a point far outside the image', () => {
    const labels = new Uint8Array(100);
    const dirty = strokeSegment(labels, 10, 10, -1e9, 5.5, 5.5, 5.5, 0.5, 1);
    expect(renderMap(labels, 10, 10)[5]).toBe('111111....');
    expect(dirty).toEqual({ x: 0, y: 5, width: 6, height: 1 });
  });

  it('rejects a negative radius and non-finite coordinates', () => {
    expect(() => strokeSegment(new Uint8Array(4), 2, 2, 0, 0, 1, 1, -1, 1)).toThrow(RangeError);
    expect(() => strokeSegment(new Uint8Array(4), 2, 2, 0, Number.NaN, 1, 1, 1, 1)).toThrow(RangeError);
  });
});
