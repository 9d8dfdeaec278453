import type { FlaggedPixels } from './flaggedPixels.js';
import { FlaggedBuilder } from './flaggedPixels.js';
import { argmaxAt } from './selectKernel.js';
import type { LabelArray, QualityShape } from './types.js';
import { toWorkingLabels } from './workingLabels.js';

/**
 * The issues that involve the given classes: pixels of the mask whose label or predicted class is one of
 * them (the reference's filter_by_class). Ignored pixels are dropped.
 */
export function filterByClass(
  classIndex: number | readonly number[],
  issues: Uint8Array,
  labels: LabelArray,
  probs: Float32Array,
  shape: QualityShape,
  ignoreIndex: number | null = null,
): Uint8Array {
  const { K, H, W } = shape;
  const pixels = H * W;
  const classes = new Set(typeof classIndex === 'number' ? [classIndex] : classIndex);
  const working = toWorkingLabels(labels, K, ignoreIndex, { firstImage: 0, H, W });
  const out = new Uint8Array(issues.length);
  for (let i = 0; i < issues.length; i++) {
    const label = working[i]!;
    if (issues[i] === 0 || label >= K) continue;
    const image = Math.floor(i / pixels);
    if (classes.has(label) || classes.has(argmaxAt(probs, image * K * pixels, pixels, K, i % pixels))) out[i] = 1;
  }
  return out;
}

/** The same filter over a flagged-pixel list, which already carries both classes. */
export function filterFlaggedByClass(classIndex: number | readonly number[], flagged: FlaggedPixels): FlaggedPixels {
  const classes = new Set(typeof classIndex === 'number' ? [classIndex] : classIndex);
  const out = new FlaggedBuilder();
  for (let i = 0; i < flagged.image.length; i++) {
    if (classes.has(flagged.given[i]!) || classes.has(flagged.predicted[i]!)) {
      out.push(flagged.image[i]!, flagged.pixel[i]!, flagged.given[i]!, flagged.predicted[i]!);
    }
  }
  return out.finish();
}
