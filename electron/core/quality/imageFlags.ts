import type { FlaggedPixels } from '../../../shared/quality/flaggedPixels.js';
import { argmaxAt } from '../../../shared/quality/selectKernel.js';
import { softminOfPrefix } from '../../../shared/quality/softmin.js';
import type { FlaggedCell } from './scoreMapGrid.js';
import type { WorkingImage } from './workingImages.js';

/** The flagged working pixels of image `index`, reading the run's list (in image order) from `from`; `next` is where the next image starts. */
export function cellsOfImage(flagged: FlaggedPixels, index: number, from: number): { cells: FlaggedCell[]; next: number } {
  const cells: FlaggedCell[] = [];
  let at = from;
  while (at < flagged.image.length && flagged.image[at]! < index) at++;
  for (; at < flagged.image.length && flagged.image[at] === index; at++) {
    cells.push({ cell: flagged.pixel[at]!, given: flagged.given[at]!, predicted: flagged.predicted[at]! });
  }
  return { cells, next: at };
}

/** p(given) of a working pixel: its self-confidence. */
export function selfConfidence(image: WorkingImage, K: number, cell: number, given: number): number {
  return image.probs[given * (image.probs.length / K) + cell]!;
}

/**
 * One image's softmin score over its labelled working pixels, exactly as the run's first pass
 * computes it (float32 self-confidences, the same softmin); an image with no labelled pixel scores 1.
 */
export function imageScore(image: WorkingImage, K: number, temperature: number): number {
  const pixels = image.labels.length;
  const confidences = new Float32Array(pixels);
  let valid = 0;
  for (let i = 0; i < pixels; i++) {
    const label = image.labels[i]!;
    if (label < K) confidences[valid++] = image.probs[label * pixels + i]!;
  }
  return valid === 0 ? 1 : softminOfPrefix(confidences, valid, temperature);
}

/**
 * Flags of one image scored alone against a finished run: a run flags the Q least confident
 * labelled pixels whose predicted class differs from their label, so a pixel is flagged when it
 * disagrees and is no more confident than the least unlikely pixel the run flagged (`cutoff`).
 * Rescoring an unchanged image gives back the run's flags (up to ties at the cutoff).
 */
export function flagsAgainstCutoff(image: WorkingImage, K: number, cutoff: number | null): FlaggedCell[] {
  if (cutoff === null) return [];
  const pixels = image.labels.length;
  const cells: FlaggedCell[] = [];
  for (let i = 0; i < pixels; i++) {
    const given = image.labels[i]!;
    if (given >= K || image.probs[given * pixels + i]! > cutoff) continue;
    const predicted = argmaxAt(image.probs, 0, pixels, K, i);
    if (predicted !== given) cells.push({ cell: i, given, predicted });
  }
  return cells;
}
