import { FaultlineError } from '../contract/errors.js';
import type { FlaggedPixels } from './flaggedPixels.js';
import { argmaxAt } from './selectKernel.js';
import type { LabelArray, QualityShape } from './types.js';
import { toWorkingLabels } from './workingLabels.js';

export interface LabelIssueRow {
  readonly given: number;
  readonly predicted: number;
  readonly count: number;
  readonly givenName: string;
  readonly predictedName: string;
}

export interface CommonIssuesOptions {
  /** Names of classes 0..K−1; must cover every class. */
  readonly classNames?: readonly string[];
  /** Predicted classes to leave out (the reference filters on the predicted class here). */
  readonly exclude?: readonly number[];
  /** Most rows to return (default 20). */
  readonly top?: number;
}

/**
 * Given → predicted class pairs among flagged pixels, most frequent first; equal counts keep
 * (given, predicted) ascending order, as the reference's stable sort does.
 */
export function rowsFromCounts(counts: Float64Array, K: number, options: CommonIssuesOptions = {}): LabelIssueRow[] {
  const { classNames, exclude = [], top = 20 } = options;
  if (classNames !== undefined && classNames.length < K) {
    throw new FaultlineError('invalid_input', `${classNames.length} class names given for ${K} classes`);
  }
  if (!Number.isInteger(top) || top < 0) throw new FaultlineError('invalid_input', `top must be a non-negative integer, got ${top}`);
  const excluded = new Set(exclude);
  const name = (k: number): string => classNames?.[k] ?? String(k);
  const rows: LabelIssueRow[] = [];
  for (let given = 0; given < K; given++) {
    for (let predicted = 0; predicted < K; predicted++) {
      const count = counts[given * K + predicted]!;
      if (count > 0 && !excluded.has(predicted)) rows.push({ given, predicted, count, givenName: name(given), predictedName: name(predicted) });
    }
  }
  return rows.sort((a, b) => b.count - a.count).slice(0, top);
}

/** The (given, predicted) count matrix, K×K row-major, of a flagged-pixel list. */
export function countFlaggedPairs(flagged: FlaggedPixels, K: number): Float64Array {
  const counts = new Float64Array(K * K);
  for (let i = 0; i < flagged.given.length; i++) {
    const at = flagged.given[i]! * K + flagged.predicted[i]!;
    counts[at] = counts[at]! + 1;
  }
  return counts;
}

/**
 * The reference's common_label_issues over a dense (N, H, W) issue mask: the predicted class is the argmax
 * of the probabilities; ignored pixels never count.
 */
export function commonLabelIssues(
  issues: Uint8Array,
  labels: LabelArray,
  probs: Float32Array,
  shape: QualityShape,
  options: CommonIssuesOptions & { readonly ignoreIndex?: number | null } = {},
): LabelIssueRow[] {
  const { K, H, W } = shape;
  const pixels = H * W;
  if (issues.length !== labels.length) {
    throw new FaultlineError('invalid_input', `the issue mask has ${issues.length} pixels but the labels have ${labels.length}`);
  }
  const working = toWorkingLabels(labels, K, options.ignoreIndex ?? null, { firstImage: 0, H, W });
  const counts = new Float64Array(K * K);
  for (let i = 0; i < issues.length; i++) {
    const given = working[i]!;
    if (issues[i] === 0 || given >= K) continue;
    const image = Math.floor(i / pixels);
    const at = given * K + argmaxAt(probs, image * K * pixels, pixels, K, i % pixels);
    counts[at] = counts[at]! + 1;
  }
  return rowsFromCounts(counts, K, options);
}
