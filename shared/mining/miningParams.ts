import { z } from 'zod';
import { UNLABELLED } from '../labels/unlabelled.js';

/**
 * Mining settings as they cross a boundary (contract, round params stored as JSON, CLI).
 * Defaults are those of the published MAD work; every one stays a project setting.
 */

export const MiningClassId = z.number().int().min(0).max(254);

/** Default speck threshold of the distances (see minClassShare). */
export const MIN_CLASS_SHARE = 0.001;

/** Distance between two predicted maps; see discrepancy.ts for the exact (symmetric) definitions. */
export const DistanceKind = z.enum(['miou', 'pixel_accuracy', 'fw_iou']);
export type DistanceKind = z.infer<typeof DistanceKind>;

export const SelectionStrategy = z.enum(['mad', 'random', 'entropy', 'margin']);
export type SelectionStrategy = z.infer<typeof SelectionStrategy>;

export const BaselineStrategy = SelectionStrategy.exclude(['mad']);
export type BaselineStrategy = z.infer<typeof BaselineStrategy>;

/** User-given typical area of one class, as a fraction of the image's pixels (inclusive). */
export const ClassAreaBounds = z
  .object({
    classId: MiningClassId,
    min: z.number().min(0).max(1),
    max: z.number().min(0).max(1),
  })
  .strict()
  .refine((b) => b.min <= b.max, { message: 'min must not exceed max' });
export type ClassAreaBounds = z.infer<typeof ClassAreaBounds>;

/**
 * quartile: [Q1, Q3] of the area fraction over the S0 masks that contain the class (default);
 * sigma: pixel count within mean ± one (population) standard deviation over those masks;
 * custom: bounds given by the user (no S0 masks); off: any non-zero area.
 */
export const ContentConstraint = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('quartile') }).strict(),
  z.object({ mode: z.literal('sigma') }).strict(),
  z
    .object({ mode: z.literal('custom'), bounds: z.array(ClassAreaBounds).min(1) })
    .strict()
    .refine((c) => new Set(c.bounds.map((b) => b.classId)).size === c.bounds.length, {
      message: 'each class may have one bound only',
    }),
  z.object({ mode: z.literal('off') }).strict(),
]);
export type ContentConstraint = z.infer<typeof ContentConstraint>;
export type ContentConstraintMode = ContentConstraint['mode'];

/**
 * Where a run's "typical area" came from: the S0 masks as the method says; the target's own
 * predictions over the pool while there is no S0 yet (most users start with a pool and models
 * only); the user's bounds; or nowhere (constraint off).
 */
export const BoundsSource = z.enum(['s0', 'pool', 'custom', 'none']);
export type BoundsSource = z.infer<typeof BoundsSource>;

export const MiningParams = z
  .object({
    strategy: SelectionStrategy.default('mad'),
    /** Images kept per (pair, defender, class) subgroup. */
    n3: z.number().int().min(1).max(10_000).default(25),
    distance: DistanceKind.default('miou'),
    /**
     * A class covering less than this share of the image in both maps takes no part in d: a
     * speck is no disagreement (0.1 %: 262 px of a 512×512 image, 4 100 px of 4.1 MP).
     */
    minClassShare: z.number().min(0).max(0.1).default(MIN_CLASS_SHARE),
    constraint: ContentConstraint.default({ mode: 'quartile' }),
    /** Excluded from subgroups (it still counts in the distance); null when the project has none. */
    backgroundClassId: MiningClassId.nullable().default(0),
    ignoreIndex: z.number().int().min(0).max(255).default(UNLABELLED),
    /** Seeds the random baseline (uint32). */
    seed: z.number().int().min(0).max(0xffff_ffff).default(0),
    /** Number of distinct images a baseline picks; by default the size of the MAD set it is compared with. */
    budget: z.number().int().min(1).optional(),
  })
  .strict();
export type MiningParams = z.infer<typeof MiningParams>;
export type MiningParamsInput = z.input<typeof MiningParams>;
