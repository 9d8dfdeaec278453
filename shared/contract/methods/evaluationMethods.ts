import { z } from 'zod';
import { Empty, method } from '../method.js';

export const Leaderboard = z.object({
  sets: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(['user', 'unbiased']), roundIdx: z.number().int().nullable(), images: z.number().int() })),
  models: z.array(z.object({ id: z.number().int(), name: z.string(), version: z.string(), isTarget: z.boolean(), parentId: z.number().int().nullable() })),
  results: z.array(
    z.object({
      modelId: z.number().int(),
      testSetId: z.number().int(),
      miou: z.number(),
      perClass: z.array(z.number().nullable()),
      images: z.number().int(),
      evaluatedAt: z.string(),
    }),
  ),
  ranking: z
    .object({
      scores: z.array(z.object({ modelId: z.number().int(), score: z.number() })),
      order: z.array(z.number().int()),
      converged: z.boolean(),
    })
    .nullable(),
  /** Models without a rank: never evaluated, or evaluated with no measured comparison to another model. */
  unranked: z.array(z.object({ modelId: z.number().int(), reason: z.enum(['not_evaluated', 'no_comparison']) })),
  /** Versions scoring lower on T0 than the version they were fine-tuned from. */
  regressions: z.array(z.object({ modelId: z.number().int(), parentId: z.number().int(), testSetId: z.number().int(), miou: z.number(), parentMiou: z.number() })),
  stability: z.array(z.object({ k: z.number().int(), srcc: z.number().nullable() })),
  unbiasedImages: z.number().int(),
  costs: z.object({
    /** Seconds per image of dense labelling: the published figure until enough from-scratch labellings here, then their median. */
    dense: z.object({ secondsPerImage: z.number(), source: z.enum(['published', 'measured']), labellings: z.number().int(), needed: z.number().int() }),
    rounds: z.array(
      z.object({
        roundId: z.number().int(),
        idx: z.number().int(),
        state: z.string(),
        m: z.number().int(),
        s: z.number().int(),
        t: z.number().int(),
        ratingSeconds: z.number(),
        labellingSeconds: z.number(),
        denseAllSeconds: z.number(),
        savedSeconds: z.number(),
      }),
    ),
  }),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

/** Evaluation on T0 and the unbiased test sets, and the leaderboard built from it. */
export const evaluationMethods = {
  'evaluation.run': method(Empty, z.object({ jobId: z.string() }), 'Score every model on T0 and every unbiased test set (a job with progress).'),
  'leaderboard.get': method(Empty, Leaderboard, 'mIoU per model and test set, the global ranking, its stability, and the human cost per round.'),
} as const;
