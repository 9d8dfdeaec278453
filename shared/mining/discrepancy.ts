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
export function discrepancy(matrix: ArrayLike<number>, kind: DistanceKind = 'miou'): number {
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

  let agreement = 0;
  if (kind === 'miou') {
    let sum = 0;
    let present = 0;
    for (let k = 0; k < c; k++) {
      const union = rows[k]! + cols[k]! - diag[k]!;
      if (union === 0) continue;
      sum += diag[k]! / union;
      present++;
    }
    agreement = sum / present;
  } else if (kind === 'pixel_accuracy') {
    agreement = (meanClassAccuracy(diag, rows) + meanClassAccuracy(diag, cols)) / 2;
  } else {
    for (let k = 0; k < c; k++) {
      const union = rows[k]! + cols[k]! - diag[k]!;
      if (union === 0) continue;
      agreement += ((rows[k]! + cols[k]!) / (2 * total)) * (diag[k]! / union);
    }
  }
  return Math.min(1, Math.max(0, 1 - agreement));
}

function meanClassAccuracy(diag: Float64Array, reference: Float64Array): number {
  let sum = 0;
  let present = 0;
  for (let k = 0; k < reference.length; k++) {
    const ref = reference[k]!;
    if (ref === 0) continue;
    sum += diag[k]! / ref;
    present++;
  }
  return sum / present;
}
