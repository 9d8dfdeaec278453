import { describe, expect, it } from 'vitest';
import { mainForegroundClass, selectTestSet, type TestSetCandidate } from '../../../shared/rounds/selectTestSet.js';

const c = (imageId: number, mainClass: number | null, extra: Partial<TestSetCandidate> = {}): TestSetCandidate => ({
  imageId,
  mainClass,
  outOfDomain: false,
  usedForFineTuning: false,
  ...extra,
});

describe('selectTestSet', () => {
  it('removes out-of-domain images', () => {
    const res = selectTestSet([c(1, 1, { outOfDomain: true }), c(2, 2)]);
    expect(res.selected.map((x) => x.imageId)).toEqual([2]);
    expect(res.excluded).toEqual([{ imageId: 1, reason: 'out-of-domain' }]);
  });

  it('removes images used for fine-tuning in any round', () => {
    const res = selectTestSet([c(1, 1), c(2, 2, { usedForFineTuning: true }), c(3, 3)]);
    expect(res.selected.map((x) => x.imageId)).toEqual([1, 3]);
    expect(res.excluded).toEqual([{ imageId: 2, reason: 'fine-tuning' }]);
  });

  it('keeps at most 4 images per main foreground class, the first ones in candidate order', () => {
    const candidates = [c(1, 7), c(2, 7), c(3, 5), c(4, 7), c(5, 7), c(6, 7), c(7, 5), c(8, 7)];
    const res = selectTestSet(candidates);
    expect(res.selected.map((x) => x.imageId)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(res.excluded).toEqual([
      { imageId: 6, reason: 'class-cap' },
      { imageId: 8, reason: 'class-cap' },
    ]);
  });

  it('caps images without foreground as one group', () => {
    const res = selectTestSet([c(1, null), c(2, null), c(3, null)], { maxPerClass: 2 });
    expect(res.selected.map((x) => x.imageId)).toEqual([1, 2]);
  });

  it('stops at 30 images by default and at the configured size', () => {
    const many = Array.from({ length: 100 }, (_, i) => c(i, i % 20));
    expect(selectTestSet(many).selected).toHaveLength(30);
    expect(selectTestSet(many, { size: 12 }).selected.map((x) => x.imageId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('honours a configured per-class cap together with the size', () => {
    const many = Array.from({ length: 100 }, (_, i) => c(i, i % 3));
    const res = selectTestSet(many, { size: 30, maxPerClass: 2 });
    expect(res.selected.map((x) => x.imageId)).toEqual([0, 1, 2, 3, 4, 5]);
    const counts = new Map<number | null, number>();
    for (const x of res.selected) counts.set(x.mainClass, (counts.get(x.mainClass) ?? 0) + 1);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
  });

  it('skips a repeated image id so it cannot take two places', () => {
    const res = selectTestSet([c(1, 1), c(1, 1), c(2, 2)]);
    expect(res.selected.map((x) => x.imageId)).toEqual([1, 2]);
    expect(res.excluded).toEqual([{ imageId: 1, reason: 'duplicate' }]);
  });

  it('returns the same selection for the same input', () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      c(i, i % 6, { outOfDomain: i % 11 === 0, usedForFineTuning: i % 7 === 0 }),
    );
    expect(selectTestSet(many)).toEqual(selectTestSet(many.map((x) => ({ ...x }))));
  });

  it('rejects a negative or fractional size or cap', () => {
    expect(() => selectTestSet([], { size: -1 })).toThrow(RangeError);
    expect(() => selectTestSet([], { maxPerClass: 1.5 })).toThrow(RangeError);
  });
});

describe('mainForegroundClass', () => {
  it('picks the largest class by area ignoring background', () => {
    expect(mainForegroundClass([900, 30, 50, 20])).toBe(2);
  });

  it('breaks equal areas by the smaller class id', () => {
    expect(mainForegroundClass([10, 0, 40, 40])).toBe(2);
  });

  it('returns null when only background or ignored classes have pixels', () => {
    expect(mainForegroundClass([100, 0, 0])).toBeNull();
    const counts = new Uint32Array(256);
    counts[0] = 5;
    counts[255] = 70;
    counts[3] = 2;
    expect(mainForegroundClass(counts, [0, 255])).toBe(3);
  });
});
