import { IGNORED, projectClassLut, type ClassMapping } from './classLut.js';

/**
 * Per-class pixel counts and area fractions of one label map: what the pool stores per model
 * and image for mining, and what S0 masks feed into the content constraint. A fraction is
 * relative to all pixels of the map (ignored pixels included), so fraction × image pixels is the
 * class's pixel count and the two measures of the content constraint agree.
 */

export interface ClassCountOptions {
  mapping?: ClassMapping;
  /** Raw label that counts for no class; default 255. */
  ignoreIndex?: number;
}

export function classPixelCounts(map: Uint8Array, numClasses: number, options: ClassCountOptions = {}): Uint32Array {
  const lut = projectClassLut(numClasses, options.mapping, options.ignoreIndex);
  // Ignored pixels land in the extra last bin, keeping the loop branch-free.
  const binOf = new Uint32Array(256);
  for (let v = 0; v < 256; v++) {
    const p = lut[v] ?? IGNORED;
    binOf[v] = p === IGNORED ? numClasses : p;
  }
  const bins = new Uint32Array(numClasses + 1);
  for (let i = 0; i < map.length; i++) bins[binOf[map[i]!]!]!++;
  return bins.subarray(0, numClasses);
}

export function fractionsFromCounts(counts: ArrayLike<number>, totalPixels: number): Float32Array {
  if (!(totalPixels > 0)) throw new RangeError(`totalPixels must be positive, got ${totalPixels}`);
  const out = new Float32Array(counts.length);
  for (let k = 0; k < counts.length; k++) out[k] = counts[k]! / totalPixels;
  return out;
}

export function classFractions(map: Uint8Array, numClasses: number, options: ClassCountOptions = {}): Float32Array {
  return fractionsFromCounts(classPixelCounts(map, numClasses, options), map.length);
}
