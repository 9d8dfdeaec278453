import { FaultlineError } from '../../../shared/contract/errors.js';
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

/**
 * Maps labels to working labels: class indices stay, the ignore index becomes a value >= K.
 * With `position` every other value is an error naming the pixel; without it (later passes over
 * data already checked) such values are only skipped. A Uint8Array that needs no remapping is
 * returned as is, so the common case costs one scan in the first pass and nothing afterwards.
 */
export function toWorkingLabels(labels: LabelArray, K: number, ignoreIndex: number | null, position: LabelPosition | null): WorkingLabels {
  if (labels instanceof Uint8Array && K <= 255 && (ignoreIndex === null || ignoreIndex >= K)) {
    if (position !== null) {
      for (let i = 0; i < labels.length; i++) {
        const value = labels[i]!;
        if (value >= K && value !== ignoreIndex) throw invalidLabel(value, i, K, ignoreIndex, position);
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
    else if (position !== null) throw invalidLabel(value, i, K, ignoreIndex, position);
    else out[i] = skipped;
  }
  return out;
}

function invalidLabel(value: number, index: number, K: number, ignoreIndex: number | null, position: LabelPosition): FaultlineError {
  const perImage = position.H * position.W;
  const image = position.firstImage + Math.floor(index / perImage);
  const row = Math.floor((index % perImage) / position.W);
  const column = index % position.W;
  const hint = ignoreIndex === null ? ' (set an ignore index if it marks unlabelled pixels)' : ` nor the ignore index ${ignoreIndex}`;
  return new FaultlineError(
    'invalid_input',
    `label ${value} at image ${image}, row ${row}, column ${column} is not a class index 0..${K - 1}${hint}`,
  );
}
