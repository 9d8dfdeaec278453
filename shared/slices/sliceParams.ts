import { z } from 'zod';
import { CaptionerChoice, EmbeddingChoice } from '../models/visionModels.js';

/**
 * Settings of a slice-discovery run as they cross a boundary (contract, CLI, stored runs). The
 * failure definition is fixed here, before any slice is looked at.
 */
export const SlicePopulation = z.enum(['auto', 'labelled', 'pool']);
export type SlicePopulation = z.infer<typeof SlicePopulation>;

export const SliceParams = z
  .object({
    /**
     * Which images and which failure: 'labelled' = images with a reference mask, failed when the
     * target's image mIoU is below `miouBelow`; 'pool' = pool images, failed when the mean
     * target–competitor discrepancy d is above `discrepancyAbove`; 'auto' = labelled when there
     * are at least 200 such images, else pool.
     */
    population: SlicePopulation.default('auto'),
    /** τ for labelled (and generated) images; null: the `failureShare` of images with the lowest mIoU fail. */
    miouBelow: z.number().min(0).max(1).nullable().default(null),
    /** τ for pool images; null: the `failureShare` of images with the highest d fail. */
    discrepancyAbove: z.number().min(0).max(1).nullable().default(null),
    /**
     * Share of images that fail when no τ is given. Model quality differs so much between
     * projects that no absolute τ suits them all; a share is still fixed before any slice is seen.
     */
    failureShare: z.number().min(0.01).max(0.5).default(0.2),
    /**
     * What embeds the images: 'target' = the model's own pooled features; a folder name = that
     * CLIP-like image encoder in the project's models/ folder; 'auto' = the first usable encoder
     * there, else the model's features.
     */
    embedding: EmbeddingChoice.default('auto'),
    /** Describes slices in words too: 'auto' = the first usable captioner in models/, if any; 'off'; or a folder name. */
    captioner: CaptionerChoice.default('auto'),
    /**
     * Share of pool images a pool run leaves out (chosen by id and seed), so that confirming a
     * slice on fresh pool images has unseen ones to draw from.
     */
    freshReserve: z.number().min(0).max(0.5).default(0.2),
    /** Seeds the split, the cross-validation and the clustering (uint32). */
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    heldOutFraction: z.number().min(0.2).max(0.8).default(0.5),
    /** Below this cross-validated AUROC the embedding is said to carry no failure structure. */
    structureAuroc: z.number().min(0.5).max(1).default(0.6),
    kMin: z.number().int().min(2).max(20).default(2),
    kMax: z.number().int().min(2).max(20).default(8),
    /** A slice's radius: this quantile of its discovery failures' distances to the centroid. */
    radiusQuantile: z.number().min(0.5).max(1).default(0.9),
    /** Benjamini–Hochberg false discovery rate across the slices of a run. */
    fdr: z.number().min(0.001).max(0.5).default(0.1),
    /** A slice is confirmed only with at least this many held-out images… */
    minHeldOut: z.number().int().min(1).default(25),
    /** …and a failure-rate ratio (inside / outside) of at least this. */
    minRatio: z.number().min(1).default(1.5),
  })
  .strict()
  .refine((p) => p.kMin <= p.kMax, { message: 'kMin must not exceed kMax' });
export type SliceParams = z.infer<typeof SliceParams>;
