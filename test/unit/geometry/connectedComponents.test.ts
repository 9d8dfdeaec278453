import { describe, expect, it } from 'vitest';
import { componentRect, labelComponents, type Connectivity } from '../../../shared/geometry/connectedComponents.js';
import { lcg, parseMap } from './helpers.js';

/** Reference: search from each unlabelled pixel in raster order, one pixel at a time. */
function referenceLabels(map: Uint8Array, w: number, h: number, connectivity: Connectivity, skip: number[] = []): Int32Array {
  const out = new Int32Array(w * h);
  let next = 0;
  const offsets =
    connectivity === 4
      ? [[-1, 0], [1, 0], [0, -1], [0, 1]]
      : [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [1, -1], [-1, 1], [1, 1]];
  for (let i = 0; i < map.length; i++) {
    if (out[i] !== 0 || skip.includes(map[i] as number)) continue;
    const id = ++next;
    out[i] = id;
    const stack = [i];
    while (stack.length > 0) {
      const j = stack.pop() as number;
      const x = j % w;
      const y = (j - x) / w;
      for (const [dx, dy] of offsets as Array<[number, number]>) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const k = ny * w + nx;
        if (out[k] === 0 && map[k] === map[i]) {
          out[k] = id;
          stack.push(k);
        }
      }
    }
  }
  return out;
}

const picture = ['11.2', '.1.2', '2.22'];

describe('labelComponents', () => {
  it('labels each class separately with 4-connectivity, ids in raster order of first pixel', () => {
    const { map, width, height } = parseMap(picture);
    const c = labelComponents(map, width, height);
    expect(c.count).toBe(6);
    expect([...c.labels]).toEqual([1, 1, 2, 3, 4, 1, 2, 3, 5, 6, 3, 3]);
    expect([...c.classId]).toEqual([0, 1, 0, 2, 0, 2, 0]);
    expect([...c.area]).toEqual([0, 3, 2, 4, 1, 1, 1]);
    expect(componentRect(c, 3)).toEqual({ x: 2, y: 0, width: 2, height: 3 });
    expect(componentRect(c, 1)).toEqual({ x: 0, y: 0, width: 2, height: 2 });
  });

  it('joins diagonal neighbours of the same class with 8-connectivity', () => {
    const { map, width, height } = parseMap(picture);
    const c = labelComponents(map, width, height, { connectivity: 8 });
    expect(c.count).toBe(4);
    expect([...c.labels]).toEqual([1, 1, 2, 3, 2, 1, 2, 3, 4, 2, 3, 3]);
    expect([...c.area]).toEqual([0, 3, 4, 4, 1]);
    expect(componentRect(c, 2)).toEqual({ x: 0, y: 0, width: 3, height: 3 });
  });

  it('leaves skipped classes at id 0 and does not number them', () => {
    const { map, width, height } = parseMap(picture);
    const c = labelComponents(map, width, height, { skipClasses: [0] });
    expect(c.count).toBe(3);
    expect([...c.labels]).toEqual([1, 1, 0, 2, 0, 1, 0, 2, 3, 0, 2, 2]);
  });

  it('agrees with a pixel-by-pixel search on random maps, areas and boxes included', () => {
    const rand = lcg(5);
    for (let t = 0; t < 24; t++) {
      const w = 1 + Math.floor(rand() * 50);
      const h = 1 + Math.floor(rand() * 50);
      const classes = 2 + Math.floor(rand() * 3);
      const map = new Uint8Array(w * h);
      for (let i = 0; i < map.length; i++) map[i] = Math.floor(rand() * classes);
      const connectivity: Connectivity = t % 2 === 0 ? 4 : 8;
      const skip = t % 3 === 0 ? [0] : [];
      const c = labelComponents(map, w, h, { connectivity, skipClasses: skip });
      const ref = referenceLabels(map, w, h, connectivity, skip);
      expect(c.labels).toEqual(ref);
      const area = new Int32Array(c.count + 1);
      for (const id of ref) if (id) area[id] = (area[id] as number) + 1;
      expect(c.area).toEqual(area);
      for (let id = 1; id <= c.count; id++) {
        const r = componentRect(c, id);
        let inside = 0;
        for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) if (ref[y * w + x] === id) inside++;
        expect(inside).toBe(area[id]);
      }
    }
  });

  it('handles a checkerboard where every pixel is its own 4-component and the board is two 8-components', () => {
    const w = 64;
    const h = 48;
    const map = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) map[y * w + x] = (x + y) % 2;
    expect(labelComponents(map, w, h).count).toBe(w * h);
    expect(labelComponents(map, w, h, { connectivity: 8 }).count).toBe(2);
  });

  it('writes into a supplied buffer and rejects a wrong-sized one', () => {
    const { map, width, height } = parseMap(picture);
    const out = new Int32Array(12).fill(-5);
    expect(labelComponents(map, width, height, { out }).labels).toBe(out);
    expect(out[11]).toBe(3);
    expect(() => labelComponents(map, width, height, { out: new Int32Array(3) })).toThrow(RangeError);
    expect(() => componentRect(labelComponents(map, width, height), 7)).toThrow(RangeError);
  });
});
