import { describe, expect, it } from 'vitest';
import type { FlaggedPixels } from '../../../shared/quality/flaggedPixels.js';
import { concatFlagged, emptyFlagged, FlaggedBuilder, mergeFlagged } from '../../../shared/quality/flaggedPixels.js';

function list(rows: readonly [number, number, number, number][]): FlaggedPixels {
  const builder = new FlaggedBuilder();
  for (const [image, pixel, given, predicted] of rows) builder.push(image, pixel, given, predicted);
  return builder.finish();
}

function rows(flagged: FlaggedPixels): [number, number, number, number][] {
  return Array.from(flagged.image, (image, i) => [image, flagged.pixel[i]!, flagged.given[i]!, flagged.predicted[i]!]);
}

describe('flagged pixel lists', () => {
  it('merges two ordered lists into (image, pixel) order, interleaving within an image', () => {
    const a = list([
      [0, 5, 1, 2],
      [2, 1, 0, 1],
      [2, 9, 3, 0],
      [7, 0, 1, 1],
    ]);
    const b = list([
      [0, 2, 2, 0],
      [2, 4, 1, 3],
      [3, 0, 4, 4],
      [9, 8, 0, 2],
      [9, 9, 1, 0],
    ]);
    const merged = mergeFlagged(a, b);
    expect(rows(merged)).toEqual([
      [0, 2, 2, 0],
      [0, 5, 1, 2],
      [2, 1, 0, 1],
      [2, 4, 1, 3],
      [2, 9, 3, 0],
      [3, 0, 4, 4],
      [7, 0, 1, 1],
      [9, 8, 0, 2],
      [9, 9, 1, 0],
    ]);
    expect([merged.image, merged.pixel, merged.given, merged.predicted].map((array) => array.length)).toEqual([9, 9, 9, 9]);
    expect(merged.given).toBeInstanceOf(Uint16Array);
  });

  it('merges with an empty list to the other list and concatenates parts in order', () => {
    const a = list([[1, 3, 0, 1]]);
    expect(rows(mergeFlagged(a, emptyFlagged()))).toEqual([[1, 3, 0, 1]]);
    expect(rows(mergeFlagged(emptyFlagged(), a))).toEqual([[1, 3, 0, 1]]);
    const b = list([
      [4, 0, 2, 2],
      [5, 6, 1, 0],
    ]);
    expect(rows(concatFlagged([a, emptyFlagged(), b]))).toEqual([
      [1, 3, 0, 1],
      [4, 0, 2, 2],
      [5, 6, 1, 0],
    ]);
    expect(rows(concatFlagged([b]))).toEqual(rows(b));
    expect(concatFlagged([]).image).toHaveLength(0);
  });
});
