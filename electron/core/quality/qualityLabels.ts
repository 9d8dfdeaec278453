import { inflateLabelMap } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { currentLabelRef, labelMaskByRef } from '../store/qualityRuns.js';

/** The mask label quality scores an image against (see `currentLabelRef` in the store for which one). */
export interface QualityLabel {
  mask: Uint8Array;
  width: number;
  height: number;
  /** Which mask it is: `ground_truth` or `annotation:<id>`; a different value later means the label was edited. */
  ref: string;
}

export function qualityLabel(db: Db, imageId: number): QualityLabel | null {
  const ref = currentLabelRef(db, imageId);
  return ref === null ? null : labelByRef(db, imageId, ref);
}

/** The mask a reference names (as recorded at the start of a run, so every pass reads the same one), or null when it is gone. */
export function labelByRef(db: Db, imageId: number, ref: string): QualityLabel | null {
  const stored = labelMaskByRef(db, imageId, ref);
  if (!stored) return null;
  const what = ref === 'ground_truth' ? `ground truth of image ${imageId}` : `annotation ${ref.slice('annotation:'.length)} of image ${imageId}`;
  return { mask: inflateLabelMap(stored.mask, stored.width, stored.height, what), width: stored.width, height: stored.height, ref };
}
