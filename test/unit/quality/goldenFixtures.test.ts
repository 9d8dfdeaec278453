import { describe, expect, it } from 'vitest';
import { commonLabelIssues } from '../../../shared/quality/commonLabelIssues.js';
import { filterByClass } from '../../../shared/quality/filterByClass.js';
import { flaggedToMask, issuesPerImage } from '../../../shared/quality/flaggedPixels.js';
import {
  confidentThresholds,
  estimateIssueCount,
  findLabelIssues,
  labelQualityScores,
  searchInMemory,
} from '../../../shared/quality/labelIssues.js';
import { FIXTURE_CASES, loadFixture } from './labelQualityFixtures.js';

function maxAbsDiff(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

describe.each(FIXTURE_CASES)('reference fixture %s', (name) => {
  const fx = loadFixture(name);
  const shape = { K: fx.K, H: fx.H, W: fx.W };
  const expected = fx.expected;

  it('softmin image scores match the reference within 1e-9 at temperatures 0.1, 1 and 0.05', () => {
    for (const [key, temperature] of [
      ['image_scores_softmin_t0.1', 0.1],
      ['image_scores_softmin_t1.0', 1],
      ['image_scores_softmin_t0.05', 0.05],
    ] as const) {
      const scores = labelQualityScores(fx.labels, fx.probs, shape, { method: 'softmin', temperature }).imageScores;
      expect(maxAbsDiff(scores, expected[key])).toBeLessThan(1e-9);
    }
  });

  it('confident thresholds match within 1e-6 and the issue estimate Q exactly', () => {
    const thresholds = confidentThresholds(fx.labels, fx.probs, shape);
    expect(maxAbsDiff(thresholds, expected.confident_thresholds)).toBeLessThan(1e-6);
    expect(estimateIssueCount(fx.labels, fx.probs, shape, thresholds)).toBe(expected.num_issues_estimate);
  });

  it('the find_label_issues mask at downsample 1 is identical to the reference mask', () => {
    const mask = findLabelIssues(fx.labels, fx.probs, shape);
    expect(Buffer.from(mask).equals(Buffer.from(fx.issues))).toBe(true);
    expect(mask.reduce((sum, v) => sum + v, 0)).toBe(expected.issues_flagged_pixels);
  });

  it('one streaming search gives the same thresholds, Q, per-image counts and softmin scores', () => {
    const result = searchInMemory(fx.labels, fx.probs, shape);
    expect(result.numIssuesEstimate).toBe(expected.num_issues_estimate);
    expect(maxAbsDiff(result.confidentThresholds!, expected.confident_thresholds)).toBeLessThan(1e-6);
    expect(maxAbsDiff(result.softminScores!, expected['image_scores_softmin_t0.1'])).toBeLessThan(1e-9);
    expect(issuesPerImage(result.flagged!, fx.N)).toEqual(expected.issues_per_image);
    expect(Buffer.from(flaggedToMask(result.flagged!, fx.N, fx.H * fx.W)).equals(Buffer.from(fx.issues))).toBe(true);
  });

  it('num_pixel_issues image scores at downsample 1 equal the reference', () => {
    const scores = labelQualityScores(fx.labels, fx.probs, shape, { method: 'num_pixel_issues' }).imageScores;
    expect(maxAbsDiff(scores, expected.image_scores_num_pixel_issues)).toBeLessThan(1e-15);
  });

  it('common_label_issues rows (given, predicted, count) come in the reference order', () => {
    const rows = commonLabelIssues(fx.issues, fx.labels, fx.probs, shape);
    expect(rows.map((row) => [row.given, row.predicted, row.count])).toEqual(expected.common_label_issues);
  });

  it('filter_by_class keeps the reference number of class-1 pixels', () => {
    const filtered = filterByClass(1, fx.issues, fx.labels, fx.probs, shape);
    expect(filtered.reduce((sum, v) => sum + v, 0)).toBe(expected.filter_by_class_1_pixels);
  });

  it('the exact (refine) selection path gives the same mask as the candidate path', () => {
    const exact = searchInMemory(fx.labels, fx.probs, shape, { candidateLimit: 0, softminTemperature: null });
    expect(Buffer.from(flaggedToMask(exact.flagged!, fx.N, fx.H * fx.W)).equals(Buffer.from(fx.issues))).toBe(true);
  });
});
