import { UNLABELLED } from '../labels/unlabelled.js';
/**
 * Dataset-level segmentation scores: one confusion matrix summed over all images of a test set,
 * then IoU per class. Rows are reference classes, columns predicted classes plus one last column
 * for predictions outside the class set (a model's unmapped class), which count as misses.
 * Reference pixels with the ignore value take no part.
 */

export class EvalConfusion {
  readonly counts: Float64Array;

  constructor(readonly numClasses: number) {
    this.counts = new Float64Array(numClasses * (numClasses + 1));
  }

  add(reference: Uint8Array, predicted: Uint8Array, ignoreIndex = UNLABELLED): void {
    if (reference.length !== predicted.length) {
      throw new RangeError(`reference has ${reference.length} pixels, prediction ${predicted.length}`);
    }
    const c = this.numClasses;
    const side = c + 1;
    const counts = this.counts;
    for (let i = 0; i < reference.length; i++) {
      const r = reference[i]!;
      if (r === ignoreIndex || r >= c) continue;
      const p = predicted[i]!;
      counts[r * side + (p < c ? p : c)]!++;
    }
  }
}

export interface SegmentationScores {
  /** Mean IoU over the classes that occur in the reference or the prediction; null when none do. */
  miou: number | null;
  /** IoU per class id; null where the class occurs in neither. */
  perClass: Array<number | null>;
  /** Reference pixels counted. */
  pixels: number;
  pixelAccuracy: number | null;
}

export function scoresFromConfusion(confusion: EvalConfusion): SegmentationScores {
  const c = confusion.numClasses;
  const side = c + 1;
  const { counts } = confusion;
  const perClass: Array<number | null> = [];
  let sum = 0;
  let present = 0;
  let pixels = 0;
  let correct = 0;
  for (let k = 0; k < c; k++) {
    let reference = 0;
    let predicted = 0;
    for (let j = 0; j < side; j++) reference += counts[k * side + j]!;
    for (let r = 0; r < c; r++) predicted += counts[r * side + k]!;
    const tp = counts[k * side + k]!;
    pixels += reference;
    correct += tp;
    const union = reference + predicted - tp;
    if (union > 0) {
      const iou = tp / union;
      perClass.push(iou);
      sum += iou;
      present++;
    } else {
      perClass.push(null);
    }
  }
  return { miou: present ? sum / present : null, perClass, pixels, pixelAccuracy: pixels ? correct / pixels : null };
}
