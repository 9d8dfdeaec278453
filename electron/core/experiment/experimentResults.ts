import { z } from 'zod';
import { SelectionStrategy } from '../../../shared/mining/miningParams.js';
import type { MeanInterval } from '../../../shared/statistics/intervals.js';

export const EXPERIMENT_STRATEGIES = ['mad', 'entropy', 'margin', 'random'] as const satisfies readonly SelectionStrategy[];

export const ExperimentOptions = z
  .object({
    rounds: z.number().int().min(1).max(20).default(2),
    /** Worlds (and rater and fine-tune streams) to repeat the experiment on: seed, seed + 1, … */
    seeds: z.number().int().min(1).max(20).default(5),
    /** What each round's fine-tune refits: the demo designs' whole tail (hidden layer + classifier) or the classifier alone. */
    trainable: z.enum(['head', 'tail']).default('tail'),
    /** Images of the held-out pool on which each pair of final models disagrees most, scored by the oracle (the MAD competition). */
    competitionSize: z.number().int().min(1).max(1000).default(30),
    /** n4: images densely labelled per round and strategy (the equal labelling budget). */
    budget: z.number().int().min(1).max(10_000).default(100),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    /** Standard deviation of the simulated raters' noise, in steps of the 1–5 scale. */
    raterNoise: z.number().min(0).max(10).default(0.5),
    /** Demo world sizes; default: the full demo world. */
    worldSizes: z.object({ train: z.number().int().min(1), test: z.number().int().min(1), pool: z.number().int().min(1) }).strict().optional(),
    /** Images per unbiased test set T(i); default: the budget. */
    testSize: z.number().int().min(1).max(1000).optional(),
    strategies: z.array(SelectionStrategy).min(1).default([...EXPERIMENT_STRATEGIES]),
  })
  .strict();
export type ExperimentOptions = z.infer<typeof ExperimentOptions>;
export type ExperimentOptionsInput = z.input<typeof ExperimentOptions>;

/** The target after one round of one strategy, scored on every test set the experiment has. */
export interface RoundResult {
  round: number;
  modelId: number;
  version: string;
  /** Candidates the raters scored, and S(i): the images densely labelled for fine-tuning. */
  candidates: number;
  counterexamples: number;
  /** The strategy's own unbiased test set, drawn from a MAD set of the new target. */
  testSet: { name: string; images: number };
  t0: number | null;
  /** The fine-tune's chosen learning rate, its validation (T0) mIoU against its parent's, and whether it was worse by more than the margin. */
  finetune: { trainable: 'head' | 'tail'; learningRate: number | null; validation: { parent: number; after: number; worse: boolean } | null };
  /** mIoU on the own T(i) of the model before this round's fine-tune and after it. */
  ownT: { before: number | null; after: number | null };
  /** Oracle-scored: the union of every strategy's unbiased test images, and pool images no strategy labelled. */
  unionT: number | null;
  heldOutPool: number | null;
  seconds: number;
}

export interface StrategyResult {
  strategy: SelectionStrategy;
  initial: { modelId: number; version: string; t0: number | null; unionT: number | null; heldOutPool: number | null };
  rounds: RoundResult[];
  /** The strategy's final leaderboard: global ranking of every model, and SRCC stability of the ranking. */
  ranking: Array<{ model: string; score: number }>;
  rankingConverged: boolean | null;
  stability: Array<{ k: number; srcc: number | null }>;
  seconds: number;
}

/**
 * The MAD competition between two strategies' final models (the study's Table 2): the held-out
 * pool images on which their predictions disagree most, both scored there by the oracle.
 */
export interface CompetitionResult {
  strategy: SelectionStrategy;
  /** Images used, and the mean disagreement (1 − mIoU between the two predictions) on them. */
  images: number;
  disagreement: number;
  /** Oracle mIoU of MAD's final model and of this strategy's on those images. */
  mad: number | null;
  other: number | null;
}

/** What labelling cost a strategy over all its rounds, with the study's seconds per rating and per dense mask. */
export interface LabellingCost {
  ratings: number;
  denseS: number;
  denseT: number;
  /** Hours: ratings, dense labels of S, and all together (T is the same for every strategy's evaluation and shown apart). */
  ratingHours: number;
  denseSHours: number;
  totalHours: number;
}

/** One world (one seed): every strategy's rounds, the shared scores, the competition and the costs. */
export interface SeedResult {
  seed: number;
  world: { images: number; models: Array<{ name: string; isTarget: boolean; testMiou: number; poolMiou: number }> };
  union: { testImages: number; heldOutPoolImages: number };
  strategies: Array<StrategyResult & { cost: LabellingCost }>;
  competition: CompetitionResult[];
  seconds: { world: number; total: number };
}

export interface ExperimentResults {
  settings: ExperimentOptions & { raters: number; testSize: number; ratingSeconds: number; denseSeconds: number };
  seeds: SeedResult[];
  summary: ExperimentSummary;
  seconds: { total: number };
}


/** Across seeds: means with 95 % intervals, paired against MAD. */
export interface ExperimentSummary {
  /** Per strategy and round (round 0: the initial target). */
  rounds: Array<{ strategy: SelectionStrategy; round: number; t0: MeanInterval | null; unionT: MeanInterval | null; heldOutPool: MeanInterval | null; worse: number }>;
  /** The final round's strategy − MAD differences, paired by seed (positive: the strategy beats MAD). */
  pairedVsMad: Array<{ strategy: SelectionStrategy; t0: MeanInterval | null; unionT: MeanInterval | null; heldOutPool: MeanInterval | null }>;
  /** Final-round gain over the initial target on the held-out pool, paired by seed. */
  gain: Array<{ strategy: SelectionStrategy; heldOutPool: MeanInterval | null; unionT: MeanInterval | null }>;
  /** MAD's final model − the other's on their disagreement images, paired by seed; wins counts seeds MAD won. */
  competition: Array<{ strategy: SelectionStrategy; margin: MeanInterval | null; madWins: number; seeds: number }>;
  cost: Array<{ strategy: SelectionStrategy; ratings: MeanInterval | null; denseS: MeanInterval | null; totalHours: MeanInterval | null; denseSHours: MeanInterval | null; ratingHours: MeanInterval | null }>;
}
