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
  stability: z.array(z.object({ k: z.number().int(), srcc: z.number().nullable() })),
  unbiasedImages: z.number().int(),
  costs: z.object({
    denseSecondsPerImage: z.number(),
    denseSecondsMeasured: z.boolean(),
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
