import { describe, expect, it } from 'vitest';
import { floodFill } from '../../../shared/geometry/floodFill.js';
import { lcg, parseMap, renderMap } from './helpers.js';

/** Reference: breadth-first search over 4-neighbours, one pixel at a time. */
function referenceFill(map: Uint8Array, w: number, h: number, x: number, y: number, value: number): number {
  const target = map[y * w + x];
  if (target === value) return 0;
  const queue = [y * w + x];
  map[y * w + x] = value;
  let n = 0;
  while (queue.length > 0) {
    const i = queue.pop() as number;
    n++;
    const px = i % w;
    const py = (i - px) / w;
    for (const [nx, ny] of [
      [px - 1, py],
      [px + 1, py],
      [px, py - 1],
      [px, py + 1],
    ] as const) {
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const j = ny * w + nx;
      if (map[j] === target) {
        map[j] = value;
        queue.push(j);
      }
    }
  }
  return n;
}

describe('floodFill', () => {
  it('fills the 4-connected region of the seed class and not through diagonals', () => {
    const { map, width, height } = parseMap(['11.2.', '1..2.', '.1.22', '.1...']);
    const res = floodFill(map, width, height, 0, 0, 5);
    expect(renderMap(map, width, height)).toEqual(['55.2.', '5..2.', '.1.22', '.1...']);
    expect(res).toEqual({ changed: 3, dirty: { x: 0, y: 0, width: 2, height: 2 } });
  });

  it('fills a background region that wraps around obstacles, reporting its rectangle', () => {
    const { map, width, height } = parseMap(['.....', '.333.', '.3.3.', '.333.', '.....']);
    const res = floodFill(map, width, height, 4.7, 0.2, 1);
    expect(renderMap(map, width, height)).toEqual(['11111', '13331', '13.31', '13331', '11111']);
    expect(res).toEqual({ changed: 16, dirty: { x: 0, y: 0, width: 5, height: 5 } });
  });

  it('changes nothing when the seed already has the value or lies outside the image', () => {
    const { map, width, height } = parseMap(['12', '21']);
    expect(floodFill(map, width, height, 0, 0, 1)).toEqual({ changed: 0, dirty: null });
    expect(floodFill(map, width, height, -1, 0, 3)).toEqual({ changed: 0, dirty: null });
    expect(floodFill(map, width, height, 0, 2, 3)).toEqual({ changed: 0, dirty: null });
    expect(renderMap(map, width, height)).toEqual(['12', '21']);
  });

  it('fills a long serpentine corridor (deep stack) like a pixel-by-pixel search', () => {
    const w = 301;
    const h = 301;
    const map = new Uint8Array(w * h);
    // Walls on every other row, with the gap alternating ends, make one corridor through the map.
    for (let y = 1; y < h; y += 2) {
      for (let x = 0; x < w; x++) map[y * w + x] = 1;
      map[y * w + ((y >> 1) % 2 === 0 ? w - 1 : 0)] = 0;
    }
    const ref = map.slice();
    const expected = referenceFill(ref, w, h, 0, 0, 2);
    const res = floodFill(map, w, h, 0, 0, 2);
    expect(res.changed).toBe(expected);
    expect(map).toEqual(ref);
  });

  it('agrees with a pixel-by-pixel search on random maps', () => {
    const rand = lcg(3);
    for (let t = 0; t < 30; t++) {
      const w = 5 + Math.floor(rand() * 40);
      const h = 5 + Math.floor(rand() * 40);
      const map = new Uint8Array(w * h);
      for (let i = 0; i < map.length; i++) map[i] = rand() < 0.4 ? 1 : 0;
      const x = Math.floor(rand() * w);
      const y = Math.floor(rand() * h);
      const ref = map.slice();
      const expected = referenceFill(ref, w, h, x, y, 7);
      const res = floodFill(map, w, h, x, y, 7);
      expect(res.changed).toBe(expected);
      expect(map).toEqual(ref);
    }
  });
});
