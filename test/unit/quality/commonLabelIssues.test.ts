import { describe, expect, it } from 'vitest';
import { commonLabelIssues, countFlaggedPairs, rowsFromCounts } from '../../../shared/quality/commonLabelIssues.js';
import { filterByClass, filterFlaggedByClass } from '../../../shared/quality/filterByClass.js';
import { FlaggedBuilder } from '../../../shared/quality/flaggedPixels.js';

// One image of 1×6 pixels, K = 3. Predicted classes (argmax): [1, 1, 1, 1, 0, 2].
const shape = { K: 3, H: 1, W: 6 };
const labels = new Uint8Array([0, 0, 2, 2, 1, 2]);
const probs = new Float32Array([
  ...[0.1, 0.2, 0.1, 0.3, 0.8, 0.1],
  ...[0.8, 0.7, 0.6, 0.6, 0.1, 0.2],
  ...[0.1, 0.1, 0.3, 0.1, 0.1, 0.7],
]);
const issues = new Uint8Array([1, 1, 1, 1, 1, 0]);

describe('commonLabelIssues', () => {
  it('counts given → predicted pairs, most frequent first, equal counts in (given, predicted) order', () => {
    const rows = commonLabelIssues(issues, labels, probs, shape);
    expect(rows.map((row) => [row.given, row.predicted, row.count])).toEqual([
      [0, 1, 2],
      [2, 1, 2],
      [1, 0, 1],
    ]);
  });

  it('leaves out excluded predicted classes and keeps only the top rows', () => {
    expect(commonLabelIssues(issues, labels, probs, shape, { exclude: [1] }).map((row) => [row.given, row.predicted])).toEqual([[1, 0]]);
    expect(commonLabelIssues(issues, labels, probs, shape, { top: 1 })).toHaveLength(1);
  });

  it('names classes when names are given and rejects a list shorter than K', () => {
    const rows = commonLabelIssues(issues, labels, probs, shape, { classNames: ['road', 'car', 'sky'] });
    expect(rows[0]).toMatchObject({ givenName: 'road', predictedName: 'car', count: 2 });
    expect(() => commonLabelIssues(issues, labels, probs, shape, { classNames: ['road'] })).toThrow('1 class names given for 3 classes');
  });

  it('gives the same rows from a flagged-pixel list as from the dense mask', () => {
    const flagged = new FlaggedBuilder();
    [
      [0, 0, 1],
      [1, 0, 1],
      [2, 2, 1],
      [3, 2, 1],
      [4, 1, 0],
    ].forEach(([pixel, given, predicted]) => flagged.push(0, pixel!, given!, predicted!));
    const rows = rowsFromCounts(countFlaggedPairs(flagged.finish(), 3), 3);
    expect(rows).toEqual(commonLabelIssues(issues, labels, probs, shape));
  });
});

describe('filterByClass', () => {
  it('keeps flagged pixels whose label or predicted class is among the classes', () => {
    expect(Array.from(filterByClass(2, issues, labels, probs, shape))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(filterByClass([0], issues, labels, probs, shape))).toEqual([1, 1, 0, 0, 1, 0]);
    expect(Array.from(filterByClass(300, issues, labels, probs, shape))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('filters a flagged-pixel list the same way', () => {
    const flagged = new FlaggedBuilder();
    flagged.push(0, 0, 0, 1);
    flagged.push(0, 2, 2, 1);
    flagged.push(0, 4, 1, 0);
    expect(Array.from(filterFlaggedByClass(2, flagged.finish()).pixel)).toEqual([2]);
    expect(Array.from(filterFlaggedByClass([0], flagged.finish()).pixel)).toEqual([0, 4]);
  });
});
