import { z } from 'zod';
import { BaselineStrategy, SelectionStrategy } from './miningParams.js';

/**
 * The shape every selection strategy returns, so MAD and its baselines can be stored, rated and
 * compared the same way. A candidate is one image content (hash); each reason says why it was
 * picked, so a rater can see it.
 */

export const MadReason = z
  .object({
    strategy: z.literal('mad'),
    targetModelId: z.number().int(),
    competitorModelId: z.number().int(),
    /** The model whose predicted map defined the subgroup (the target or the competitor). */
    defenderModelId: z.number().int(),
    classId: z.number().int(),
    /** 1-based rank within its (pair, defender, class) subgroup. */
    rank: z.number().int().min(1),
    d: z.number(),
    /** The image that carried this reason (several images may share one content hash). */
    imageId: z.number().int(),
  })
  .strict();
export type MadReason = z.infer<typeof MadReason>;

export const BaselineReason = z
  .object({
    strategy: BaselineStrategy,
    /** 1-based position of the image in the strategy's ordering of the whole pool. */
    rank: z.number().int().min(1),
    /** random: the seeded key; entropy: target mean entropy; margin: target mean margin. */
    score: z.number(),
    imageId: z.number().int(),
  })
  .strict();
export type BaselineReason = z.infer<typeof BaselineReason>;

export const CandidateReason = z.union([MadReason, BaselineReason]);
export type CandidateReason = z.infer<typeof CandidateReason>;

export const Candidate = z
  .object({
    /** 1-based position in the set. */
    rank: z.number().int().min(1),
    contentHash: z.string(),
    /** The smallest id among imageIds. */
    imageId: z.number().int(),
    /** Every picked image with this content, ascending. */
    imageIds: z.array(z.number().int()).min(1),
    reasons: z.array(CandidateReason).min(1),
  })
  .strict();
export type Candidate = z.infer<typeof Candidate>;

export const CandidateSet = z
  .object({
    strategy: SelectionStrategy,
    candidates: z.array(Candidate),
  })
  .strict();
export type CandidateSet = z.infer<typeof CandidateSet>;
