import { UNLABELLED } from '../labels/unlabelled.js';
/**
 * Models name classes by their own ids; mining compares them in the project's class ids. One
 * 256-entry table per model turns a raw uint8 label into a project class (or "ignore"), so the
 * pixel loops do a single lookup instead of per-pixel branches.
 */

/** Indexed by a model's class id; the value is the project class id. */
export type ClassMapping = ArrayLike<number>;

/** Value in a lookup table for a pixel that counts for no class. */
export const IGNORED = -1;

export function assertNumClasses(numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 255) {
    throw new RangeError(`numClasses must be an integer in 1..255, got ${numClasses}`);
  }
}

/**
 * Raw label → project class id, or IGNORED. A raw value equal to ignoreIndex is ignored whatever
 * the mapping says; a raw value the mapping does not cover, or that maps outside
 * [0, numClasses) or onto ignoreIndex, is ignored too. Without a mapping, ids are already
 * project ids and those ≥ numClasses are ignored.
 */
export function projectClassLut(
  numClasses: number,
  mapping?: ClassMapping,
  ignoreIndex: number = UNLABELLED,
): Int16Array {
  assertNumClasses(numClasses);
  const lut = new Int16Array(256).fill(IGNORED);
  for (let raw = 0; raw < 256; raw++) {
    if (raw === ignoreIndex) continue;
    const mapped = mapping === undefined ? raw : raw < mapping.length ? mapping[raw] : undefined;
    if (mapped === undefined || !Number.isInteger(mapped)) continue;
    if (mapped < 0 || mapped >= numClasses || mapped === ignoreIndex) continue;
    lut[raw] = mapped;
  }
  return lut;
}
