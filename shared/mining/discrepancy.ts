import { matrixSide } from './confusionMatrix.js';
import type { DistanceKind } from './miningParams.js';

/**
 * How much two predicted maps of one image disagree, from their confusion matrix. MAD ranks
 * images by this number, and a pair's d is used with either model as defender, so every kind
 * here is symmetric in its two maps (swapping them transposes the matrix and leaves d alone).
 *
 * With C the classes present in either map (row_k + col_k > 0; classes absent from both are
 * skipped, background included), IoU_k = n_kk / (row_k + col_k − n_kk) and N the counted pixels:
 * - miou:           d = 1 − mean_{k∈C} IoU_k
 * - pixel_accuracy: d = 1 − ½(mean_{row_k>0} n_kk/row_k + mean_{col_k>0} n_kk/col_k),
 *                   the mean class accuracy taking each map as reference in turn
 * - fw_iou:         d = 1 − Σ_k w_k IoU_k with w_k = (row_k + col_k) / 2N, the frequency of k
 *                   in both maps together
 * All lie in [0, 1]: identical maps give 0, maps that agree on no pixel give 1. A matrix that
 * counts no pixel (everything ignored) gives 0: there is nothing to disagree about.
 */
export interface DiscrepancyOptions {
  /**
   * A class with fewer pixels than this in both maps takes no part: a speck one model sees and the
   * other does not is no disagreement worth a rater's time (with a few classes in play, one stray
   * pixel would otherwise weigh as much as a missed object). Default 0: every class counts.
   */
  minPixels?: number;
  /** For a foreground/background problem, the foreground class: miou becomes 1 − its IoU alone. */
  foregroundClassId?: number | null;
}

/**
 * How mining measures pairs, stored with every distance so a change of setting is recomputed,
 * never mixed: the speck threshold as a share of the image, and the foreground class of a
 * two-class project.
 */
export interface DiscrepancySettings {
  minClassShare: number;
  foregroundClassId: number | null;
}

/** The foreground of a foreground/background project (two classes, one of them background); null otherwise. */
export function foregroundClassOf(numClasses: number, backgroundClassId: number | null): number | null {
  return numClasses === 2 && (backgroundClassId === 0 || backgroundClassId === 1) ? 1 - backgroundClassId : null;
}

/** The settings a mining run (or anything that reuses its distances) measures pairs with. */
export function miningDiscrepancySettings(params: { minClassShare: number; backgroundClassId: number | null }, numClasses: number): DiscrepancySettings {
  return { minClassShare: params.minClassShare, foregroundClassId: foregroundClassOf(numClasses, params.backgroundClassId) };
}

/** The key stored beside each distance: equal keys, equal definitions. */
export function discrepancySettingsKey(settings: DiscrepancySettings): string {
  return `min=${settings.minClassShare};fg=${settings.foregroundClassId ?? 'none'}`;
}

/**
 * With `options`: classes under `minPixels` in both maps are left out of C (and out of N for
 * fw_iou), and with a foreground class miou is 1 − IoU_fg. When nothing is left, d = 0.
 */
export function discrepancy(matrix: ArrayLike<number>, kind: DistanceKind = 'miou', options: DiscrepancyOptions = {}): number {
  const c = matrixSide(matrix);
  const rows = new Float64Array(c);
  const cols = new Float64Array(c);
  const diag = new Float64Array(c);
  let total = 0;
  for (let r = 0; r < c; r++) {
    for (let k = 0; k < c; k++) {
      const v = matrix[r * c + k]!;
      rows[r]! += v;
      cols[k]! += v;
      total += v;
    }
    diag[r] = matrix[r * c + r]!;
  }
  if (total === 0) return 0;
  const minPixels = options.minPixels ?? 0;
  const counts = new Uint8Array(c);
  let counted = 0;
  for (let k = 0; k < c; k++) {
    if (rows[k]! < minPixels && cols[k]! < minPixels) continue;
    if (kind === 'miou' && options.foregroundClassId != null && k !== options.foregroundClassId) continue;
    counts[k] = 1;
    counted += rows[k]! + cols[k]!;
  }

  let agreement = 0;
  if (kind === 'miou') {
    let sum = 0;
    let present = 0;
    for (let k = 0; k < c; k++) {
      const union = rows[k]! + cols[k]! - diag[k]!;
      if (union === 0 || !counts[k]) continue;
      sum += diag[k]! / union;
      present++;
    }
    if (present === 0) return 0;
    agreement = sum / present;
  } else if (kind === 'pixel_accuracy') {
    const both = [meanClassAccuracy(diag, rows, counts), meanClassAccuracy(diag, cols, counts)].filter((v) => v !== null);
    if (both.length === 0) return 0;
    agreement = both.reduce((a, b) => a + b, 0) / both.length;
  } else {
    if (counted === 0) return 0;
    for (let k = 0; k < c; k++) {
      const union = rows[k]! + cols[k]! - diag[k]!;
      if (union === 0 || !counts[k]) continue;
      agreement += ((rows[k]! + cols[k]!) / counted) * (diag[k]! / union);
    }
  }
  return Math.min(1, Math.max(0, 1 - agreement));
}

function meanClassAccuracy(diag: Float64Array, reference: Float64Array, counts: Uint8Array): number | null {
  let sum = 0;
  let present = 0;
  for (let k = 0; k < reference.length; k++) {
    const ref = reference[k]!;
    if (ref === 0 || !counts[k]) continue;
    sum += diag[k]! / ref;
    present++;
  }
  return present === 0 ? null : sum / present;
}
