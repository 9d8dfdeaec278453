import { describe, expect, it } from 'vitest';
import { CandidateSet } from '../../../shared/mining/candidateSet.js';
import { MiningParams } from '../../../shared/mining/miningParams.js';

describe('MiningParams', () => {
  it('fills the published defaults', () => {
    expect(MiningParams.parse({})).toEqual({
      strategy: 'mad',
      n3: 25,
      distance: 'miou',
      minClassShare: 0.001,
      constraint: { mode: 'quartile' },
      backgroundClassId: 0,
      ignoreIndex: 255,
      seed: 0,
    });
  });

  it('accepts custom bounds per class and rejects them without bounds, duplicated or inverted', () => {
    const ok = MiningParams.parse({ constraint: { mode: 'custom', bounds: [{ classId: 3, min: 0.01, max: 0.2 }] } });
    expect(ok.constraint).toEqual({ mode: 'custom', bounds: [{ classId: 3, min: 0.01, max: 0.2 }] });
    expect(MiningParams.safeParse({ constraint: { mode: 'custom' } }).success).toBe(false);
    expect(
      MiningParams.safeParse({
        constraint: { mode: 'custom', bounds: [{ classId: 3, min: 0, max: 1 }, { classId: 3, min: 0, max: 0.5 }] },
      }).success,
    ).toBe(false);
    expect(MiningParams.safeParse({ constraint: { mode: 'custom', bounds: [{ classId: 1, min: 0.5, max: 0.2 }] } }).success).toBe(false);
  });

  it('rejects unknown strategies, distances, keys and out-of-range numbers', () => {
    for (const bad of [{ strategy: 'coreset' }, { distance: 'dice' }, { n3: 0 }, { seed: -1 }, { seed: 2 ** 32 }, { extra: 1 }]) {
      expect(MiningParams.safeParse(bad).success).toBe(false);
    }
  });
});

describe('CandidateSet schema', () => {
  it('accepts MAD and baseline reasons and rejects a reason of the wrong shape', () => {
    const candidate = {
      rank: 1,
      contentHash: 'abc',
      imageId: 3,
      imageIds: [3],
      reasons: [
        { strategy: 'mad', targetModelId: 1, competitorModelId: 2, defenderModelId: 2, classId: 4, rank: 1, d: 0.7, imageId: 3 },
        { strategy: 'entropy', rank: 9, score: 1.2, imageId: 3 },
      ],
    };
    expect(CandidateSet.safeParse({ strategy: 'mad', candidates: [candidate] }).success).toBe(true);
    const bad = { ...candidate, reasons: [{ strategy: 'mad', rank: 1, d: 0.7, imageId: 3 }] };
    expect(CandidateSet.safeParse({ strategy: 'mad', candidates: [bad] }).success).toBe(false);
  });
});
