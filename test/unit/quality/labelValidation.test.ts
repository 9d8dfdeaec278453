import { describe, expect, it } from 'vitest';
import { flaggedToMask } from '../../../shared/quality/flaggedPixels.js';
import { confidentThresholds, labelQualityScores, searchInMemory } from '../../../shared/quality/labelIssues.js';
import { softminScore } from '../../../shared/quality/softmin.js';
import { randomCase } from './referenceModel.js';

const shape = { K: 3, H: 2, W: 3 };

describe('label validation', () => {
  it('rejects a label outside 0..K−1 with the image, row and column', () => {
    const labels = new Uint8Array(12);
    labels[6 + 4] = 7;
    const probs = new Float32Array(36).fill(1 / 3);
    expect(() => searchInMemory(labels, probs, shape)).toThrow(
      'label 7 at image 1, row 1, column 1 is not a class index 0..2 (set an ignore index if it marks unlabelled pixels)',
    );
    expect(() => searchInMemory(labels, probs, shape, { ignoreIndex: 255 })).toThrow('nor the ignore index 255');
  });

  it('rejects a negative label instead of wrapping it, and accepts it as the ignore index', () => {
    const labels = new Int32Array([0, 1, 2, -1, 0, 1]);
    const probs = new Float32Array(18).fill(1 / 3);
    expect(() => searchInMemory(labels, probs, shape)).toThrow('label -1 at image 0, row 1, column 0');
    expect(searchInMemory(labels, probs, shape, { ignoreIndex: -1 }).validPixels[0]).toBe(5);
  });
});

describe('ignore index', () => {
  const { labels, probs } = randomCase(3, 4, 3, 6, 8);
  const caseShape = { K: 3, H: 6, W: 8 };
  const ignored = labels.slice();
  for (let i = 0; i < ignored.length; i += 5) ignored[i] = 255;

  it('keeps ignored pixels out of the thresholds', () => {
    const t = confidentThresholds(ignored, probs, caseShape, { ignoreIndex: 255 });
    const sums = [0, 0, 0];
    const counts = [0, 0, 0];
    ignored.forEach((label, i) => {
      if (label === 255) return;
      const n = Math.floor(i / 48);
      sums[label]! += probs[(n * 3 + label) * 48 + (i % 48)]!;
      counts[label]!++;
    });
    t.forEach((value, k) => expect(value).toBeCloseTo(sums[k]! / counts[k]!, 14));
  });

  it('never flags an ignored pixel and scores images over their labelled pixels only', () => {
    const result = searchInMemory(ignored, probs, caseShape, { ignoreIndex: 255 });
    const mask = flaggedToMask(result.flagged!, 4, 48);
    mask.forEach((flag, i) => {
      if (ignored[i] === 255) expect(flag).toBe(0);
    });
    expect(result.validPixels[0]).toBe(48 - Math.ceil(48 / 5));
    const own: number[] = [];
    for (let i = 0; i < 48; i++) if (ignored[i] !== 255) own.push(probs[ignored[i]! * 48 + i]!);
    expect(result.softminScores![0]).toBeCloseTo(softminScore(own, 0.1), 14);
  });

  it('uses labelled pixels as the num_pixel_issues denominator and scores an all-ignored image 1', () => {
    const allIgnored = ignored.slice();
    allIgnored.fill(255, 0, 48);
    const { imageScores } = labelQualityScores(allIgnored, probs, caseShape, { method: 'num_pixel_issues', ignoreIndex: 255 });
    const softmin = labelQualityScores(allIgnored, probs, caseShape, { method: 'softmin', ignoreIndex: 255 }).imageScores;
    expect(imageScores[0]).toBe(1);
    expect(softmin[0]).toBe(1);
    const result = searchInMemory(allIgnored, probs, caseShape, { ignoreIndex: 255 });
    const flaggedIn1 = result.flagged!.image.filter((n) => n === 1).length;
    expect(imageScores[1]).toBe(1 - flaggedIn1 / result.validPixels[1]!);
  });

  it('can be a class index: those pixels then count as unlabelled and the class as absent', () => {
    const t = confidentThresholds(labels, probs, caseShape, { ignoreIndex: 0 });
    expect(t[0]).toBe(2e-6);
  });
});
