import { FaultlineError } from '../contract/errors.js';
import type { LabelArray, WorkingLabels } from './types.js';

/** Where a batch's first label sits, so an error can name the image, row and column. */
export interface LabelPosition {
  readonly firstImage: number;
  readonly H: number;
  readonly W: number;
}

/** The value the kernels read as "no label" for K classes (any value >= K is skipped). */
export function ignoredLabel(K: number): number {
  return K <= 255 ? 0xff : 0xffff;
}

export function allocateWorkingLabels(K: number, length: number): WorkingLabels {
  return K <= 255 ? new Uint8Array(length) : new Uint16Array(length);
}

/** Labels the kernels can read as they are: bytes, with an ignore index (if any) that is not a class index. */
function readableAsIs(labels: LabelArray, K: number, ignoreIndex: number | null): labels is Uint8Array {
  return labels instanceof Uint8Array && K <= 255 && (ignoreIndex === null || ignoreIndex >= K);
}

/**
 * Maps labels to working labels: class indices stay, the ignore index becomes a value >= K.
 * With `position` every other value is an error naming the pixel; without it (later passes over
 * data already checked) such values are only skipped. A Uint8Array that needs no remapping is
 * returned as is, so the common case costs one scan in the first pass and nothing afterwards.
 */
export function toWorkingLabels(labels: LabelArray, K: number, ignoreIndex: number | null, position: LabelPosition | null): WorkingLabels {
  if (readableAsIs(labels, K, ignoreIndex)) {
    if (position !== null) {
      for (let i = 0; i < labels.length; i++) {
        const value = labels[i]!;
        if (value >= K && value !== ignoreIndex) throw invalidLabelAt(value, i, K, ignoreIndex, position);
      }
    }
    return labels;
  }
  const out = allocateWorkingLabels(K, labels.length);
  const skipped = ignoredLabel(K);
  for (let i = 0; i < labels.length; i++) {
    const value = labels[i]!;
    if (value === ignoreIndex) out[i] = skipped;
    else if (value >= 0 && value < K) out[i] = value;
    else if (position !== null) throw invalidLabelAt(value, i, K, ignoreIndex, position);
    else out[i] = skipped;
  }
  return out;
}

/** Working labels for the kernels, and the one value >= K among them that marks an unlabelled pixel. */
export interface KernelLabels {
  readonly labels: WorkingLabels;
  readonly unlabelled: number;
}

/** Never a label of a Uint8Array: the `unlabelled` value of bytes read as they are with no ignore index. */
const NO_UNLABELLED = -1;

/**
 * The labels of a batch as a pass's kernel reads them. Labels readable as they are come back unchecked,
 * with the ignore index as `unlabelled`: the first pass's kernel reports any other value >= K when its own
 * loop reaches it, in the same pixel order as toWorkingLabels' scan, which this saves. Other labels are
 * mapped (and, with `position`, checked) by toWorkingLabels.
 */
export function kernelLabels(labels: LabelArray, K: number, ignoreIndex: number | null, position: LabelPosition | null): KernelLabels {
  if (readableAsIs(labels, K, ignoreIndex)) return { labels, unlabelled: ignoreIndex ?? NO_UNLABELLED };
  return { labels: toWorkingLabels(labels, K, ignoreIndex, position), unlabelled: ignoredLabel(K) };
}

function invalidLabelAt(value: number, index: number, K: number, ignoreIndex: number | null, position: LabelPosition): FaultlineError {
  const perImage = position.H * position.W;
  return invalidLabel(value, position.firstImage + Math.floor(index / perImage), index % perImage, K, position.W, ignoreIndex);
}

/** The error for label `value` at pixel `pixel` (y·W + x) of image `image`. */
export function invalidLabel(value: number, image: number, pixel: number, K: number, W: number, ignoreIndex: number | null): FaultlineError {
  const row = Math.floor(pixel / W);
  const column = pixel % W;
  const hint = ignoreIndex === null ? ' (set an ignore index if it marks unlabelled pixels)' : ` nor the ignore index ${ignoreIndex}`;
  return new FaultlineError(
    'invalid_input',
    `label ${value} at image ${image}, row ${row}, column ${column} is not a class index 0..${K - 1}${hint}`,
  );
}
