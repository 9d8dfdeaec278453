import { z } from 'zod';
import { SelectionStrategy } from '../../../shared/mining/miningParams.js';

export const EXPERIMENT_STRATEGIES = ['mad', 'entropy', 'margin', 'random'] as const satisfies readonly SelectionStrategy[];

export const ExperimentOptions = z
  .object({
    rounds: z.number().int().min(1).max(20).default(2),
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

export interface ExperimentResults {
  settings: ExperimentOptions & { raters: number };
  world: { images: number; models: Array<{ name: string; isTarget: boolean; testMiou: number; poolMiou: number }> };
  union: { testImages: number; heldOutPoolImages: number };
  strategies: StrategyResult[];
  seconds: { world: number; total: number };
}
