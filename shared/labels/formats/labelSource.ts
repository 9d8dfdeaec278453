import type { UnknownClass } from './classMapping.js';

/** One image's label map as a label file gives it, in project class ids (255 = unlabelled). */
export interface RenderedLabels {
  labels: Uint8Array;
  /** Classes the project lacks; their pixels are unlabelled in `labels`. */
  unknown: UnknownClass[];
  /** What was read but is not an area (polylines, points, tags…), one line per kind. */
  notes: string[];
}

/** An image a label file describes, rendered only once it has been matched to a project image. */
export interface LabelEntry {
  /** The image as the file names it: a file name or a path relative to the dataset. */
  ref: string;
  width: number;
  height: number;
  render(): RenderedLabels;
}

/** An image a label file describes but that cannot be read, with why. */
export interface LabelRefusal {
  ref: string;
  reason: string;
}

export type LabelItem = ({ kind: 'entry' } & LabelEntry) | ({ kind: 'refusal' } & LabelRefusal);

/** A new label map with every pixel unlabelled (or the given class). */
export function blankLabels(width: number, height: number, fill: number): Uint8Array {
  return new Uint8Array(width * height).fill(fill);
}

/** "3 polylines" and the like, for shapes that hold no area. */
export function describeSkipped(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'} skipped: not an area`);
}
