import { describe, expect, it } from 'vitest';
import { issuesFromScores, pixelIssuesFromScores } from '../../../shared/quality/issuesFromScores.js';

describe('issuesFromScores (image mode)', () => {
  it('returns exactly the images strictly below the threshold, not the reference’s extra image', () => {
    expect(issuesFromScores([0.5, 0.6, 0.7], 0.1)).toEqual([]);
    expect(issuesFromScores([0.05, 0.6, 0.7], 0.1)).toEqual([0]);
    expect(issuesFromScores([0.5, 0.3, 0.9], 0.5)).toEqual([1]);
    expect(issuesFromScores([0.2, 0.3], 1)).toEqual([0, 1]);
  });

  it('orders by score, then by index for equal scores, and excludes a score equal to the threshold', () => {
    expect(issuesFromScores([0.4, 0.1, 0.4, 0.5, 0.2], 0.5)).toEqual([1, 4, 0, 2]);
  });

  it('rejects a threshold outside [0, 1]', () => {
    expect(() => issuesFromScores([0.5], 1.1)).toThrow('threshold must be between 0 and 1');
    expect(() => issuesFromScores([0.5], -0.1)).toThrow('threshold must be between 0 and 1');
    expect(() => issuesFromScores([0.5], Number.NaN)).toThrow('threshold must be between 0 and 1');
  });
});

describe('pixelIssuesFromScores (pixel mode)', () => {
  it('flags pixel scores strictly below the threshold', () => {
    expect(Array.from(pixelIssuesFromScores([0.1, 0.5, 0.49, 0.9], 0.5))).toEqual([1, 0, 1, 0]);
    expect(Array.from(pixelIssuesFromScores([0.1, 0.99], 1))).toEqual([1, 1]);
    expect(Array.from(pixelIssuesFromScores([0, 0.5], 0))).toEqual([0, 0]);
  });
});
