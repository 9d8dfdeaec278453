import { z } from 'zod';
import { CandidateReason } from '../../mining/candidateSet.js';
import { BoundsSource, ContentConstraint, MiningParams } from '../../mining/miningParams.js';
import { Empty, method } from '../method.js';

const ModelId = z.number().int().positive();

export const CandidateSetSummary = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  roundIdx: z.number().int(),
  strategy: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  targetId: z.number().int().nullable(),
  competitorIds: z.array(z.number().int()),
  sentToRating: z.boolean(),
  /** Where a MAD set's content bounds came from; null for baselines and sets stored before this was kept. */
  boundsSource: BoundsSource.nullable(),
});
export type CandidateSetSummary = z.infer<typeof CandidateSetSummary>;

export const CandidateView = z.object({
  imageId: z.number().int(),
  rank: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  imageIds: z.array(z.number().int()),
  reasons: z.array(CandidateReason),
});
export type CandidateView = z.infer<typeof CandidateView>;

/** Bounds as JSON: an open side is null (JSON has no infinity). */
export const ClassBoundsView = z.object({
  classId: z.number().int(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  support: z.number().int(),
});

export const PairHistogram = z.object({
  targetId: z.number().int(),
  competitorId: z.number().int(),
  images: z.number().int(),
  edges: z.array(z.number()),
  counts: z.array(z.number().int()),
});
export type PairHistogram = z.infer<typeof PairHistogram>;

/** MAD mining and its baselines. */
export const miningMethods = {
  'mining.defaults': method(
    Empty,
    z.object({ targetId: z.number().int().nullable(), competitorIds: z.array(z.number().int()) }),
    'The target and competitors a mining run uses when none are chosen.',
  ),
  'mining.run': method(
    z
      .object({
        targetId: ModelId.optional(),
        competitorIds: z.array(ModelId).max(32).optional(),
        params: MiningParams,
      })
      .strict(),
    z.object({ jobId: z.string(), targetId: z.number().int(), competitorIds: z.array(z.number().int()) }),
    'Start a mining job (progress through job.progress events) with the models it resolved; the set lands in the open round.',
  ),
  'mining.sets': method(Empty, z.array(CandidateSetSummary), 'Candidate sets of every round, newest first.'),
  'mining.candidates': method(
    z
      .object({
        setId: z.number().int().positive(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    z.object({
      total: z.number().int(),
      items: z.array(CandidateView),
      classCounts: z.array(z.object({ classId: z.number().int(), images: z.number().int() })),
    }),
    'A page of a candidate set with the reasons each image was picked, and how many images each class brought in.',
  ),
  'mining.bounds': method(
    z.object({ constraint: ContentConstraint, targetId: ModelId.optional() }).strict(),
    z.object({ measure: z.enum(['fraction', 'count']), source: BoundsSource, s0Masks: z.number().int(), classes: z.array(ClassBoundsView) }),
    "The per-class content bounds a constraint gives on this project: for quartile and sigma from S0 masks, or while there are none from the target's predictions over the pool (default target unless given).",
  ),
  'mining.histogram': method(
    z.object({ targetId: ModelId, competitorIds: z.array(ModelId).max(32), bins: z.number().int().min(2).max(100).default(20) }).strict(),
    z.array(PairHistogram),
    'Distribution of the stored discrepancies per (target, competitor) pair over the pool.',
  ),
  'mining.sendToRating': method(
    z.object({ setId: z.number().int().positive() }).strict(),
    z.object({ roundId: z.number().int() }),
    'Hand a candidate set to the rating queue; its round moves to the rating stage.',
  ),
} as const;
