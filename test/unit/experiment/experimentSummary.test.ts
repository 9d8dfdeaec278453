import { describe, expect, it } from 'vitest';
import type { RoundResult, SeedResult } from '../../../electron/core/experiment/experimentResults.js';
import { labellingCost, summariseSeeds } from '../../../electron/core/experiment/experimentSummary.js';
import { mostDisputed } from '../../../electron/core/experiment/finalModelCompetition.js';

function round(heldOutPool: number, candidates: number, worse = false): RoundResult {
  return {
    round: 1,
    modelId: 2,
    version: '1.0.0+ft1',
    candidates,
    counterexamples: 10,
    testSet: { name: 'T2', images: 5 },
    t0: 0.5,
    finetune: { trainable: 'tail', learningRate: 0.05, validation: { parent: 0.5, after: worse ? 0.4 : 0.5, worse } },
    ownT: { before: null, after: null },
    unionT: 0.3,
    heldOutPool,
    seconds: 1,
  };
}

function seed(n: number, mad: number, random: number, duel: [number, number]): SeedResult {
  const strategy = (name: 'mad' | 'random', final: number, candidates: number, worse: boolean) => {
    const r = round(final, candidates, worse);
    return {
      strategy: name,
      initial: { modelId: 1, version: '1.0.0', t0: 0.5, unionT: 0.3, heldOutPool: 0.5 },
      rounds: [r],
      ranking: [],
      rankingConverged: null,
      stability: [],
      seconds: 1,
      cost: labellingCost({ rounds: [r] }, 3),
    };
  };
  return {
    seed: n,
    world: { images: 0, models: [] },
    union: { testImages: 0, heldOutPoolImages: 0 },
    strategies: [strategy('mad', mad, 40, true), strategy('random', random, 10, false)],
    competition: [{ strategy: 'random', images: 3, disagreement: 0.5, mad: duel[0], other: duel[1] }],
    seconds: { world: 0, total: 0 },
  };
}

describe('experiment summary', () => {
  it('counts every rating of every rater and every dense mask of S at the study’s seconds', () => {
    // 3 raters × 40 candidates × 7 s = 840 s; 10 masks × 135 s = 1350 s.
    expect(labellingCost({ rounds: [round(0.5, 40)] }, 3)).toEqual({
      ratings: 120,
      denseS: 10,
      denseT: 5,
      ratingHours: expect.closeTo(840 / 3600, 12),
      denseSHours: expect.closeTo(1350 / 3600, 12),
      totalHours: expect.closeTo(2190 / 3600, 12),
    });
  });

  it('pairs seeds against MAD and over the initial target, and counts the competition’s wins', () => {
    // Held-out finals: MAD 0.46, 0.48, 0.50; random 0.49, 0.50, 0.51 → differences 0.03, 0.02, 0.01:
    // mean 0.02, s = 0.01, s/√3 = 0.0057735, t(2) = 4.303 → ± 0.024843.
    const seeds = [seed(1, 0.46, 0.49, [0.3, 0.2]), seed(2, 0.48, 0.5, [0.3, 0.4]), seed(3, 0.5, 0.51, [0.35, 0.25])];
    const summary = summariseSeeds(seeds);
    const vsMad = summary.pairedVsMad.find((p) => p.strategy === 'random')!.heldOutPool!;
    expect(vsMad.mean).toBeCloseTo(0.02, 12);
    expect(vsMad.high! - vsMad.mean).toBeCloseTo(0.024843, 5);
    // MAD's gain: 0.46, 0.48, 0.50 − 0.5 → mean −0.02.
    expect(summary.gain.find((g) => g.strategy === 'mad')!.heldOutPool!.mean).toBeCloseTo(-0.02, 12);
    // Competition: MAD − random = 0.1, −0.1, 0.1 → mean 0.0333; MAD won 2 of 3.
    expect(summary.competition).toEqual([{ strategy: 'random', margin: expect.objectContaining({ n: 3, mean: expect.closeTo(0.1 / 3, 12) }), madWins: 2, seeds: 3 }]);
    expect(summary.rounds.find((r) => r.strategy === 'mad' && r.round === 1)!.worse).toBe(3);
    expect(summary.rounds.find((r) => r.strategy === 'random' && r.round === 1)!.worse).toBe(0);
    expect(summary.cost.find((c) => c.strategy === 'mad')!.ratings).toMatchObject({ mean: 120, low: 120, high: 120 });
  });

  it('refuses seeds that disagree on the rounds', () => {
    const short = seed(2, 0.5, 0.5, [0.3, 0.3]);
    short.strategies[1]!.rounds = [];
    expect(() => summariseSeeds([seed(1, 0.5, 0.5, [0.3, 0.3]), short])).toThrow(/does not hold 1 round/);
  });

  it('takes the most disputed images first, ties by image id', () => {
    const d = new Map([[5, 0.2], [3, 0.9], [8, 0.2], [1, 0.5]]);
    expect(mostDisputed(d, 3)).toEqual([{ imageId: 3, d: 0.9 }, { imageId: 1, d: 0.5 }, { imageId: 5, d: 0.2 }]);
  });
});
