import { describe, expect, it } from 'vitest';
import { flaggedToMask } from '../../../shared/quality/flaggedPixels.js';
import { searchInMemory } from '../../../shared/quality/labelIssues.js';
import type { LabelMode } from '../../../shared/quality/types.js';
import { modelFindIssues, randomCase } from './referenceModel.js';

interface Case {
  seed: number;
  D: number;
  mode: LabelMode;
  levels: number;
  ignore: boolean;
}

const cases: Case[] = [];
for (const seed of [1, 2, 3]) {
  for (const [D, mode] of [
    [1, 'majority'],
    [2, 'compatible-mean'],
    [2, 'majority'],
    [4, 'compatible-mean'],
  ] as const) {
    for (const levels of [0, 6]) cases.push({ seed, D, mode, levels, ignore: seed === 2 });
  }
}

describe('the streaming search against a naive transcription of the reference', () => {
  it.each(cases)('agrees on thresholds, Q and the mask (seed $seed, D $D, $mode, levels $levels, ignore $ignore)', ({ seed, D, mode, levels, ignore }) => {
    const N = 3;
    // 4, 5 and 6 classes: the count kernel's four-plane groups with and without a remainder.
    const K = 3 + seed;
    const H = 8;
    const W = 12;
    const { labels, probs } = randomCase(seed, N, K, H, W, levels);
    if (ignore) for (let i = 0; i < labels.length; i += 7) labels[i] = 255;
    const ignoreIndex = ignore ? 255 : null;
    const model = modelFindIssues({ labels, probs, N, K, H, W, ...(ignore ? { ignoreIndex: 255 } : {}) }, D, mode);
    for (const candidateLimit of [Number.POSITIVE_INFINITY, 0]) {
      const result = searchInMemory(labels, probs, { K, H, W }, { downsample: D, labelMode: mode, ignoreIndex, candidateLimit, softminTemperature: null });
      result.confidentThresholds!.forEach((t, k) => expect(Math.abs(t - model.thresholds[k]!)).toBeLessThan(1e-12));
      expect(result.numIssuesEstimate).toBe(model.Q);
      expect(Array.from(flaggedToMask(result.flagged!, N, H * W))).toEqual(Array.from(model.mask));
    }
  });
});
