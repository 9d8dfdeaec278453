import { assertNumClasses, IGNORED, projectClassLut, type ClassMapping } from './classLut.js';

/**
 * The per-image confusion matrix between two predicted label maps: the one pass over pixels
 * that every distance in discrepancy.ts is derived from. It runs for every image of the pool
 * and every model pair, so the loop is tuned: see the notes in countPairs.
 */

export interface ConfusionOptions {
  /** Class mapping of the model that produced map a (see classLut.ts). */
  mapA?: ClassMapping;
  mapB?: ClassMapping;
  /** Raw label excluded from the count in both maps; default 255. */
  ignoreIndex?: number;
}

/**
 * numClasses × numClasses counts, row-major: entry a*numClasses + b counts the pixels labelled
 * a in the first map and b in the second (project ids). A pixel ignored in either map is left out.
 */
export function confusionMatrix(
  a: Uint8Array,
  b: Uint8Array,
  numClasses: number,
  options: ConfusionOptions = {},
): Uint32Array {
  assertNumClasses(numClasses);
  if (a.length !== b.length) {
    throw new RangeError(`label maps differ in size: ${a.length} vs ${b.length} pixels`);
  }
  const lutA = projectClassLut(numClasses, options.mapA, options.ignoreIndex);
  const lutB = projectClassLut(numClasses, options.mapB, options.ignoreIndex);
  // Ignored pixels go to an extra row/column (index numClasses) that is dropped at the end, so
  // the hot loop needs no branch at all: the "ignore test" is folded into the tables.
  const side = numClasses + 1;
  const rowOf = new Uint32Array(256);
  const colOf = new Uint32Array(256);
  for (let v = 0; v < 256; v++) {
    const pa = lutA[v] ?? IGNORED;
    const pb = lutB[v] ?? IGNORED;
    rowOf[v] = (pa === IGNORED ? numClasses : pa) * side;
    colOf[v] = pb === IGNORED ? numClasses : pb;
  }
  const cells = side * side;
  const counts = countPairs(a, b, rowOf, colOf, cells);
  const out = new Uint32Array(numClasses * numClasses);
  for (let r = 0; r < numClasses; r++) {
    for (let c = 0; c < numClasses; c++) {
      const cell = r * side + c;
      out[r * numClasses + c] = (counts[cell] ?? 0) + (counts[cells + cell] ?? 0);
    }
  }
  return out;
}

/**
 * Two interleaved histograms of `cells` entries each. Label maps come in long runs of one
 * class, and back-to-back increments of the same cell wait on each other through memory;
 * alternating between two copies halves that chain. Reading 4 pixels per 32-bit load cuts
 * the loads by four; byte order does not matter because byte j of a always meets byte j of b.
 */
function countPairs(
  a: Uint8Array,
  b: Uint8Array,
  rowOf: Uint32Array,
  colOf: Uint32Array,
  cells: number,
): Uint32Array {
  const h = new Uint32Array(2 * cells);
  const n = a.length;
  let i = 0;
  if ((a.byteOffset & 3) === (b.byteOffset & 3)) {
    while (i < n && ((a.byteOffset + i) & 3) !== 0) {
      h[rowOf[a[i]!]! + colOf[b[i]!]!]!++;
      i++;
    }
    const words = (n - i) >>> 2;
    const a32 = new Uint32Array(a.buffer, a.byteOffset + i, words);
    const b32 = new Uint32Array(b.buffer, b.byteOffset + i, words);
    for (let w = 0; w < words; w++) {
      const x = a32[w]!;
      const y = b32[w]!;
      h[rowOf[x & 255]! + colOf[y & 255]!]!++;
      h[cells + rowOf[(x >>> 8) & 255]! + colOf[(y >>> 8) & 255]!]!++;
      h[rowOf[(x >>> 16) & 255]! + colOf[(y >>> 16) & 255]!]!++;
      h[cells + rowOf[x >>> 24]! + colOf[y >>> 24]!]!++;
    }
    i += words << 2;
  }
  for (; i < n; i++) h[rowOf[a[i]!]! + colOf[b[i]!]!]!++;
  return h;
}

/** Pixels of each class in the first ('a', row sums) or second ('b', column sums) map. */
export function matrixClassCounts(matrix: ArrayLike<number>, side: 'a' | 'b'): Float64Array {
  const c = matrixSide(matrix);
  const out = new Float64Array(c);
  for (let r = 0; r < c; r++) {
    for (let k = 0; k < c; k++) {
      const v = matrix[r * c + k]!;
      if (side === 'a') out[r]! += v;
      else out[k]! += v;
    }
  }
  return out;
}

/** The class count of a square confusion matrix given as a flat array. */
export function matrixSide(matrix: ArrayLike<number>): number {
  const c = Math.round(Math.sqrt(matrix.length));
  if (c < 1 || c * c !== matrix.length) {
    throw new RangeError(`a confusion matrix must be square, got ${matrix.length} entries`);
  }
  return c;
}
