import type { StoredClassMap } from '../store/models.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/**
 * A pixel whose probability mass lies mostly on model classes that map to no project class (a
 * "void" or "other" class) gives no opinion on its project label, so it takes no part.
 */
export const MIN_MAPPED_SHARE = 0.5;

/**
 * Scoring runs in project class ids: labels are project classes, and a model's probabilities are
 * summed over the model classes its class map sends to each project class.
 */
export interface ClassSpace {
  /** Class slots: labels and probability planes index project class ids 0..K−1. */
  readonly K: number;
  /** Model class id → project class id, or −1 for none. */
  readonly toProject: Int16Array;
  /** 1 for the project classes at least one model class maps to; labels of the others take no part. */
  readonly predictable: Uint8Array;
}

export function classSpace(classMap: StoredClassMap, K: number): ClassSpace {
  const toProject = Int16Array.from(classMap, (c) => (c === null || c >= K ? -1 : c));
  const predictable = new Uint8Array(K);
  for (const c of toProject) if (c >= 0) predictable[c] = 1;
  return { K, toProject, predictable };
}

/** The label a pixel is scored with: its class when the model can predict it, else UNLABELLED. */
export function scorableLabelLut(space: ClassSpace): Uint8Array {
  const lut = new Uint8Array(256).fill(UNLABELLED);
  for (let c = 0; c < space.K; c++) if (space.predictable[c] === 1) lut[c] = c;
  return lut;
}

/**
 * Project-class probabilities of a channel-major map of `pixels` pixels: K planes renormalised
 * over the mapped mass, then one plane holding that mass (the share of the pixel the model gives
 * to project classes). Where nothing is mapped the K planes are uniform; such pixels are ignored
 * anyway (share below MIN_MAPPED_SHARE).
 */
export function projectPlanes(modelProbs: Float32Array, modelClasses: number, pixels: number, space: ClassSpace): Float32Array {
  const { K, toProject } = space;
  if (modelProbs.length !== modelClasses * pixels) throw new RangeError(`expected ${modelClasses}×${pixels} probabilities, got ${modelProbs.length}`);
  const out = new Float32Array((K + 1) * pixels);
  const share = K * pixels;
  for (let m = 0; m < modelClasses; m++) {
    const c = toProject[m] ?? -1;
    if (c < 0) continue;
    const from = m * pixels;
    const to = c * pixels;
    for (let p = 0; p < pixels; p++) out[to + p] = out[to + p]! + modelProbs[from + p]!;
  }
  for (let p = 0; p < pixels; p++) {
    let mass = 0;
    for (let c = 0; c < K; c++) mass += out[c * pixels + p]!;
    out[share + p] = mass;
    if (mass > 0) {
      const inverse = 1 / mass;
      for (let c = 0; c < K; c++) out[c * pixels + p] = out[c * pixels + p]! * inverse;
    } else {
      for (let c = 0; c < K; c++) out[c * pixels + p] = 1 / K;
    }
  }
  return out;
}
