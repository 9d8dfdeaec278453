import { z } from 'zod';
import { method } from '../method.js';

const Id = z.number().int().positive();
const RaterName = z.string().trim().min(1, 'Choose a rater name first').max(100);
const Score = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

export const QueueItem = z.object({
  imageId: z.number().int(),
  rank: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  why: z
    .object({
      strategy: z.string(),
      classId: z.number().int().nullable(),
      defenderModelId: z.number().int().nullable(),
      competitorModelId: z.number().int().nullable(),
      value: z.number(),
    })
    .nullable(),
  reasonCount: z.number().int(),
  myScore: Score.nullable(),
  myOutOfDomain: z.boolean(),
});
export type QueueItem = z.infer<typeof QueueItem>;

const Progress = z.object({
  total: z.number().int(),
  raters: z.array(z.object({ name: z.string(), rated: z.number().int(), timeMs: z.number().int() })),
});

export const RatingSummary = z.object({
  setId: z.number().int(),
  n4: z.number().int(),
  progress: Progress,
  /** Whether images whose MOS says the prediction was good may enter S (the user insisted). */
  includeRatedGood: z.boolean(),
  /** Images rated by anyone out of the set's candidates, and how many more reach the share S should rest on. */
  coverage: z.object({ rated: z.number().int(), candidates: z.number().int(), missing: z.number().int() }),
  /** Krippendorff's alpha (ordinal) over all raters; null without variation or overlap. */
  agreement: z.number().nullable(),
  /** Images scored by two or more raters: what alpha rests on. */
  agreementImages: z.number().int(),
  items: z.array(
    z.object({
      imageId: z.number().int(),
      relPath: z.string(),
      /** The path the image had in the folder it was imported from (null for images stored without one). */
      sourcePath: z.string().nullable(),
      mos: z.number().nullable(),
      outOfDomain: z.boolean(),
      /** MOS at or above the good-prediction mark: left out of S unless the user insists. */
      ratedGood: z.boolean(),
      ratings: z.number().int(),
      std: z.number().nullable(),
      min: z.number().int().nullable(),
      max: z.number().int().nullable(),
      selected: z.boolean(),
    }),
  ),
});
export type RatingSummary = z.infer<typeof RatingSummary>;

export const RatingSetInfo = z.object({
  setId: z.number().int(),
  roundId: z.number().int(),
  roundIdx: z.number().int(),
  /** 'round': the round's own rating set, the only one S is confirmed on; 'slice': a slice check on fresh images. */
  kind: z.enum(['round', 'slice']),
  label: z.string(),
  strategy: z.string(),
  size: z.number().int(),
  /** Images this rater has rated; null when no rater was named. */
  ratedByRater: z.number().int().nullable(),
  /** Images anyone has rated. */
  ratedByAny: z.number().int(),
  createdAt: z.string(),
  slice: z.object({ runId: z.number().int(), sliceIndex: z.number().int() }).nullable(),
});
export type RatingSetInfo = z.infer<typeof RatingSetInfo>;

/** The rating queue: weak labels (1–5 or out of domain) from several raters, MOS and S(i). */
export const ratingMethods = {
  'rating.sets': method(
    z.object({ rater: RaterName.optional() }).strict(),
    z.array(RatingSetInfo),
    'The sets open for rating: the round’s rating set first (the default), then slice checks on fresh images, with their size and how many images this rater and anyone has rated.',
  ),
  'rating.queue': method(
    z.object({ setId: Id.optional(), rater: RaterName.optional() }).strict(),
    z.object({
      setId: z.number().int(),
      targetId: z.number().int().nullable(),
      competitorIds: z.array(z.number().int()),
      items: z.array(QueueItem),
      progress: Progress,
    }),
    'The images of a set (default: the round’s rating set) in rank order, with this rater’s own ratings so they resume where they left off.',
  ),
  'rating.rate': method(
    z
      .object({
        setId: Id,
        imageId: Id,
        rater: RaterName,
        score: Score.nullable(),
        outOfDomain: z.boolean(),
        timeMs: z.number().min(0).max(86_400_000),
      })
      .strict(),
    Progress,
    'Record (or replace) a rater’s score or out-of-domain vote for one image.',
  ),
  'rating.undo': method(
    z.object({ setId: Id, rater: RaterName }).strict(),
    z.object({ imageId: z.number().int().nullable(), progress: Progress }),
    'Remove the rater’s most recent rating in the set.',
  ),
  'rating.summary': method(
    z.object({ setId: Id, n4: z.number().int().min(1).max(10_000).default(100), includeRatedGood: z.boolean().default(false) }).strict(),
    RatingSummary,
    'MOS per image worst first, spread, inter-rater agreement with its overlap, how much is rated, and the counterexample set S the rule picks.',
  ),
  'rating.confirm': method(
    z.object({ setId: Id, n4: z.number().int().min(1).max(10_000).default(100), includeRatedGood: z.boolean().default(false) }).strict(),
    z.object({ testSetId: z.number().int(), name: z.string(), images: z.number().int() }),
    'Confirm S for the round and send it to labelling (images rated good, MOS ≥ 4, only with includeRatedGood); only the round’s own rating set gives S (a slice check is refused).',
  ),
} as const;
