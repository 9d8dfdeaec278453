import type { Rect } from './rect.js';

/**
 * Connected components of a class map: pixels join when they are neighbours (4 or 8) and hold the
 * same class, so every class is labelled separately in one pass pair (two-pass union-find). Ids
 * are 1..count in raster order of each component's first pixel; statistics are typed arrays
 * indexed by id (entry 0 unused) so a noisy map with millions of components stays cheap.
 */

export type Connectivity = 4 | 8;

export interface ComponentOptions {
  /** Default 4. */
  connectivity?: Connectivity;
  /** Classes left unlabelled (id 0), e.g. the ignore index. */
  skipClasses?: readonly number[];
  /** Reused output buffer for the per-pixel ids (width·height long). */
  out?: Int32Array;
}

export interface Components {
  width: number;
  height: number;
  count: number;
  /** Component id per pixel, 0 for skipped classes. */
  labels: Int32Array;
  classId: Uint8Array;
  area: Int32Array;
  /** Inclusive bounding boxes. */
  minX: Int32Array;
  minY: Int32Array;
  maxX: Int32Array;
  maxY: Int32Array;
}

/** Labels the same-class connected components of a row-major class map. */
export function labelComponents(classMap: Uint8Array, width: number, height: number, options: ComponentOptions = {}): Components {
  const total = width * height;
  if (classMap.length !== total) throw new RangeError(`class map has ${classMap.length} pixels, expected ${width}×${height}`);
  const eight = (options.connectivity ?? 4) === 8;
  const skip = new Uint8Array(256);
  for (const c of options.skipClasses ?? []) if (c >= 0 && c < 256) skip[c] = 1;
  const labels = options.out ?? new Int32Array(total);
  if (labels.length !== total) throw new RangeError(`out has ${labels.length} entries, expected ${total}`);

  // Provisional labels; a root is its own parent and always the smallest label of its set.
  let parent = new Int32Array(Math.max(1024, Math.min(total + 1, 1 << 16)));
  let next = 1;
  const find = (l: number): number => {
    while (parent[l] !== l) {
      const p = parent[l] as number;
      parent[l] = parent[p] as number;
      l = p;
    }
    return l;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };

  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const v = classMap[i] as number;
      if (skip[v]) {
        labels[i] = 0;
        continue;
      }
      // Neighbours already labelled: left (d), up-left (a), up (b), up-right (c). Pairs that are
      // adjacent to each other are already joined, so few unions are needed (decision tree).
      const d = x > 0 && classMap[i - 1] === v ? (labels[i - 1] as number) : 0;
      let l = 0;
      if (y > 0) {
        const up = i - width;
        const b = classMap[up] === v ? (labels[up] as number) : 0;
        if (eight) {
          if (b) l = b;
          else {
            const a = x > 0 && classMap[up - 1] === v ? (labels[up - 1] as number) : 0;
            const c = x < width - 1 && classMap[up + 1] === v ? (labels[up + 1] as number) : 0;
            const left = a || d;
            if (c) l = left && left !== c ? union(c, left) : c;
            else l = left;
          }
        } else if (b) l = d && d !== b ? union(d, b) : b;
        else l = d;
      } else l = d;
      if (l === 0) {
        if (next >= parent.length) {
          const grown = new Int32Array(Math.min(total + 1, parent.length * 2));
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        l = next++;
      }
      labels[i] = l;
    }
  }

  // Parents are always smaller labels, so one ascending sweep gives each label its root's number,
  // and roots are numbered in raster order of their component's first pixel.
  const compact = new Int32Array(next);
  let count = 0;
  for (let l = 1; l < next; l++) {
    const p = parent[l] as number;
    compact[l] = p === l ? ++count : (compact[p] as number);
  }
  const classId = new Uint8Array(count + 1);
  const area = new Int32Array(count + 1);
  const minX = new Int32Array(count + 1).fill(width);
  const minY = new Int32Array(count + 1).fill(height);
  const maxX = new Int32Array(count + 1).fill(-1);
  const maxY = new Int32Array(count + 1).fill(-1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      // Statistics once per run of equal provisional labels: regions are mostly long runs.
      const provisional = labels[row + x] as number;
      let end = x + 1;
      while (end < width && labels[row + end] === provisional) end++;
      if (provisional !== 0) {
        const id = compact[provisional] as number;
        for (let k = row + x; k < row + end; k++) labels[k] = id;
        if (area[id] === 0) {
          classId[id] = classMap[row + x] as number;
          minY[id] = y;
        }
        area[id] = (area[id] as number) + (end - x);
        if (x < (minX[id] as number)) minX[id] = x;
        if (end - 1 > (maxX[id] as number)) maxX[id] = end - 1;
        maxY[id] = y;
      }
      x = end;
    }
  }
  return { width, height, count, labels, classId, area, minX, minY, maxX, maxY };
}

/** Bounding rectangle of component `id` (1..count). */
export function componentRect(components: Components, id: number): Rect {
  if (!Number.isInteger(id) || id < 1 || id > components.count) throw new RangeError(`no component ${id}`);
  const x = components.minX[id] as number;
  const y = components.minY[id] as number;
  return { x, y, width: (components.maxX[id] as number) - x + 1, height: (components.maxY[id] as number) - y + 1 };
}
