import { z } from 'zod';
import { ModelCardClass } from '../../shared/models/modelCard.js';

export const DemoSplitSchema = z.enum(['train', 'test', 'pool']);

/** Quality of one model on one split, from argmax predictions against the true masks. */
export const SplitMetrics = z.object({
  images: z.number().int().nonnegative(),
  meanIoU: z.number().min(0).max(1),
  pixelAccuracy: z.number().min(0).max(1),
  /** IoU per class id; null where the class neither occurs nor is predicted. */
  classIoU: z.array(z.number().min(0).max(1).nullable()),
});
export type SplitMetrics = z.infer<typeof SplitMetrics>;

export const DemoModelEntry = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string(),
  onnxRelPath: z.string(),
  cardRelPath: z.string(),
  /** True for the model the demo project treats as the target (the one being improved). */
  isTarget: z.boolean(),
  /** Cross-entropy of the fitted head on its training pixels at the end of fitting. */
  trainLoss: z.number(),
  test: SplitMetrics,
  /**
   * Scored with the oracle masks; the workstation itself never sees them. Null in a world built
   * with `scorePool: false`: the demo project scores the pool from its own stored predictions.
   */
  pool: SplitMetrics.nullable(),
});
export type DemoModelEntry = z.infer<typeof DemoModelEntry>;

/** What the demo world holds, everything relative to its folder. */
export const DemoWorldManifest = z.object({
  formatVersion: z.literal(1),
  generator: z.literal('faultline-demo-world'),
  seed: z.number().int(),
  imageWidth: z.number().int().positive(),
  imageHeight: z.number().int().positive(),
  classes: z.array(ModelCardClass),
  ignoreIndex: z.number().int(),
  images: z.array(
    z.object({
      relPath: z.string(),
      split: DemoSplitSchema,
      /** Label mask for train and test images; null for the unlabelled pool. */
      maskRelPath: z.string().nullable(),
    }),
  ),
  models: z.array(DemoModelEntry),
  targetModel: z.string(),
  /** Index of the simulation oracle (true masks and conditions of every image). */
  oracleIndexRelPath: z.string(),
});
export type DemoWorldManifest = z.infer<typeof DemoWorldManifest>;

/**
 * The simulation oracle: true masks of every image (pool included) and the scene conditions
 * that made each image hard. For simulated raters and annotators, experiments and tests only.
 */
export const DemoOracleIndex = z.object({
  formatVersion: z.literal(1),
  images: z.array(
    z.object({
      imageRelPath: z.string(),
      split: DemoSplitSchema,
      maskRelPath: z.string(),
      /** Unusual conditions of the scene ('night', 'fog', 'hue', 'oddSize', 'tilted', 'dusk'); empty for an ordinary one. */
      conditions: z.array(z.string()),
    }),
  ),
});
export type DemoOracleIndex = z.infer<typeof DemoOracleIndex>;
