import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../../../shared/mining/confusionMatrix.js';
import { discrepancy, foregroundClassOf } from '../../../shared/mining/discrepancy.js';

const kinds = ['miou', 'pixel_accuracy', 'fw_iou'] as const;

function d(a: number[], b: number[], c: number, kind: (typeof kinds)[number] = 'miou', opts = {}): number {
  return discrepancy(confusionMatrix(Uint8Array.from(a), Uint8Array.from(b), c, opts), kind);
}

describe('discrepancy', () => {
  it('is 0 for identical maps under every kind', () => {
    for (const kind of kinds) expect(d([0, 1, 2, 2, 1, 0], [0, 1, 2, 2, 1, 0], 4, kind)).toBe(0);
  });

  it('is 1 for maps that agree on no pixel under every kind', () => {
    for (const kind of kinds) expect(d([0, 0, 1, 1], [1, 1, 2, 2], 3, kind)).toBe(1);
  });

  it('averages IoU over classes present in either map, skipping classes absent from both', () => {
    // A = [0,0,0,1], B = [0,0,2,1], class 3 absent from both.
    // IoU0 = 2/3, IoU1 = 1/1, IoU2 (present only in B) = 0/1 → mIoU = 5/9.
    expect(d([0, 0, 0, 1], [0, 0, 2, 1], 4)).toBeCloseTo(1 - 5 / 9, 12);
  });

  it('counts background like any other class', () => {
    // A = [0,0,1,1], B = [0,1,1,1]: IoU0 = 1/2, IoU1 = 2/3 → d = 1 − 7/12.
    expect(d([0, 0, 1, 1], [0, 1, 1, 1], 2)).toBeCloseTo(5 / 12, 12);
  });

  it('gives mean class accuracy averaged over both maps as reference', () => {
    // A = [0,0,0,1], B = [0,0,2,1]. Reference A: class 0: 2/3, class 1: 1 → 5/6.
    // Reference B: class 0: 1, class 1: 1, class 2: 0 → 2/3. Mean 3/4.
    expect(d([0, 0, 0, 1], [0, 0, 2, 1], 3, 'pixel_accuracy')).toBeCloseTo(1 / 4, 12);
  });

  it('weights IoU by each class frequency in both maps together', () => {
    // A = [0,0,0,1], B = [0,0,2,1]: w0 = 5/8, w1 = 2/8, w2 = 1/8;
    // fwIoU = 5/8·2/3 + 2/8·1 + 1/8·0 = 2/3.
    expect(d([0, 0, 0, 1], [0, 0, 2, 1], 3, 'fw_iou')).toBeCloseTo(1 / 3, 12);
  });

  it('is symmetric in its two maps', () => {
    const a = [0, 0, 1, 1, 2, 3, 3, 3, 1];
    const b = [0, 1, 1, 2, 2, 3, 0, 3, 1];
    for (const kind of kinds) expect(d(a, b, 4, kind)).toBeCloseTo(d(b, a, 4, kind), 14);
  });

  it('leaves ignored pixels out of the distance', () => {
    // Without the ignored pixel the maps are identical.
    expect(d([0, 1, 255], [0, 1, 1], 2)).toBe(0);
    expect(d([0, 1, 1], [0, 1, 255], 2, 'fw_iou')).toBe(0);
  });

  it('compares models with different class ids through their mappings', () => {
    // Model A says 3 for project class 1; model B says 1 for it; A's 7 has no project class.
    const opts = { mapA: [0, -1, -1, 1], mapB: [0, 1] };
    expect(d([0, 3, 3, 0], [0, 1, 1, 0], 2, 'miou', opts)).toBe(0);
    expect(d([0, 3, 7, 7], [0, 1, 0, 1], 2, 'miou', opts)).toBe(0);
  });

  it('is 0 when every pixel is ignored', () => {
    expect(d([255, 255], [0, 1], 2)).toBe(0);
  });

  it('refuses a matrix that is not square', () => {
    expect(() => discrepancy(new Uint32Array(5))).toThrow(/square/);
  });
});

describe('discrepancy that ignores specks', () => {
  // 100×100 images, 3 classes (background, road, person); rows: first map, columns: second.
  // One stray pixel of road in the first map, nothing else differs.
  const speck = [9999, 0, 0, 1, 0, 0, 0, 0, 0];
  // A real object: the first map sees 2000 px of person, the second only 1000 of them.
  const object = [8000, 0, 0, 0, 0, 0, 1000, 0, 1000];
  const minPixels = 0.001 * 10_000;

  it('ranks a one-pixel difference above a missed half of an object without a minimum, and below it with one', () => {
    // Without: speck 1 − (0.9999 + 0)/2 = 0.50005; object 1 − (8000/9000 + 1000/2000)/2 = 0.30556.
    expect(discrepancy(speck, 'miou')).toBeCloseTo(0.50005, 6);
    expect(discrepancy(object, 'miou')).toBeCloseTo(0.305556, 5);
    // With 0.1 % of the image (10 px): the speck leaves only background, 1 − 0.9999.
    expect(discrepancy(speck, 'miou', { minPixels })).toBeCloseTo(0.0001, 8);
    expect(discrepancy(object, 'miou', { minPixels })).toBeCloseTo(0.305556, 5);
    expect(discrepancy(speck, 'pixel_accuracy', { minPixels })).toBeCloseTo(1 - (1 + 9999 / 10000) / 2, 8);
    expect(discrepancy(speck, 'fw_iou', { minPixels })).toBeCloseTo(0.0001, 8);
  });

  it('measures a foreground/background pair by the foreground IoU alone', () => {
    // Two classes; the first map has 1000 px of foreground, the second 500 of them.
    const pair = [9000, 0, 500, 500];
    expect(discrepancy(pair, 'miou')).toBeCloseTo(1 - (9000 / 9500 + 0.5) / 2, 8);
    expect(discrepancy(pair, 'miou', { foregroundClassId: 1 })).toBeCloseTo(0.5, 8);
    // Foreground a speck in both maps: nothing to disagree about.
    expect(discrepancy([9995, 0, 3, 2], 'miou', { foregroundClassId: 1, minPixels })).toBe(0);
    expect(foregroundClassOf(2, 0)).toBe(1);
    expect(foregroundClassOf(3, 0)).toBeNull();
    expect(foregroundClassOf(2, null)).toBeNull();
  });
});
