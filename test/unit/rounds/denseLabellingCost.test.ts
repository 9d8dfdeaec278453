import { describe, expect, it } from 'vitest';
import { MIN_MEASURED_LABELLINGS, PUBLISHED_DENSE_SECONDS, denseLabellingCost } from '../../../shared/rounds/denseLabellingCost.js';

describe('denseLabellingCost', () => {
  it('keeps the published figure while too few images were labelled from scratch, saying how many there are', () => {
    expect(denseLabellingCost([3000])).toEqual({ secondsPerImage: PUBLISHED_DENSE_SECONDS, source: 'published', labellings: 1, needed: MIN_MEASURED_LABELLINGS });
    expect(denseLabellingCost([])).toMatchObject({ source: 'published', labellings: 0 });
  });

  it('uses the median of the project’s own times once there are enough, unmoved by one very long session', () => {
    const times = Array.from({ length: MIN_MEASURED_LABELLINGS - 1 }, (_, i) => 100_000 + i * 10_000);
    const cost = denseLabellingCost([...times, 5 * 3_600_000]);
    expect(cost.source).toBe('measured');
    expect(cost.labellings).toBe(MIN_MEASURED_LABELLINGS);
    // Sorted: 100…180 s and the 5 h outlier; the middle pair of ten is 140 s and 150 s.
    expect(cost.secondsPerImage).toBe(145);
  });

  it('ignores times that were not recorded', () => {
    expect(denseLabellingCost([0, -1, Number.NaN, 2000]).labellings).toBe(1);
  });
});
