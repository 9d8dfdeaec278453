import { z } from 'zod';
import { method } from '../method.js';

const Id = z.number().int().positive();

/** Settings of an in-app fine-tune of a model's classifier head; every field has a default. */
export const FinetuneParams = z
  .object({
    /** The model to fine-tune; default: the current target. */
    modelId: Id.optional(),
    /** SGD iterations (mini-batches). */
    iterations: z.number().int().min(1).max(100_000).optional(),
    /** Base learning rate of the polynomial decay, on standardised features. */
    learningRate: z.number().positive().max(10).optional(),
    /** Pixels per mini-batch, half from S0 and half from the counterexamples. */
    batchSize: z.number().int().min(2).max(8192).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    /** The final classifier alone, or the card's whole trainable tail; default: the tail where the card names one. */
    trainable: z.enum(['head', 'tail']).optional(),
    /** Multiples of the learning rate tried, the best on T0 (or held-out S0) kept. */
    learningRateGrid: z.array(z.number().positive().max(100)).min(1).max(6).optional(),
    /** Register the new version even when it is worse on validation than its parent by more than the margin. */
    acceptWorse: z.boolean().optional(),
  })
  .strict();
export type FinetuneParams = z.infer<typeof FinetuneParams>;

export const FINETUNE_DEFAULTS = { iterations: 400, learningRate: 0.05, batchSize: 64, seed: 1 } as const;

/** The learning-rate grid of the method (the study's {1, 5, 10} × base). */
export const FINETUNE_GRID = [1, 5, 10] as const;

/** A version whose validation mIoU is more than this below its parent's is flagged and registered only when confirmed. */
export const FINETUNE_WORSE_MARGIN = 0.01;

/** Validation checks: every this many iterations, stopping after PATIENCE checks without a better mIoU. */
export const FINETUNE_CHECK = { every: 40, patience: 3 } as const;

const PoolScore = z.object({ loss: z.number(), accuracy: z.number() });
const Scores = z.object({ old: PoolScore.nullable(), new: PoolScore });

/** What one fine-tune did: the new version it registered and how the head fits before and after. */
export const FinetuneRun = z.object({
  modelId: z.number().int(),
  parentId: z.number().int(),
  name: z.string(),
  version: z.string(),
  parentVersion: z.string(),
  onnxRelPath: z.string(),
  iterations: z.number().int(),
  learningRate: z.number(),
  batchSize: z.number().int(),
  seed: z.number().int(),
  /** Images used, per source (S0 old training data, S counterexamples), and images skipped with why. */
  images: z.object({ old: z.number().int(), new: z.number().int() }),
  skipped: z.array(z.object({ imageId: z.number().int(), reason: z.string() })),
  /** Labelled feature pixels seen and kept (bounded reservoirs) per source. */
  pixels: z.object({ oldSeen: z.number().int(), newSeen: z.number().int(), oldKept: z.number().int(), newKept: z.number().int() }),
  featureSize: z.object({ width: z.number().int(), height: z.number().int() }),
  before: Scores,
  after: Scores,
  provider: z.string(),
  seconds: z.number(),
  createdAt: z.string(),
  /** What was refitted; absent in records from before tails. */
  trainable: z.enum(['head', 'tail']).optional(),
  /** The learning-rate grid: each rate's validation mIoU at its kept iteration (null: diverged), and the rate chosen. */
  grid: z.array(z.object({ learningRate: z.number(), miou: z.number().nullable(), bestIteration: z.number().int().nullable(), stoppedAt: z.number().int().nullable() })).optional(),
  chosenLearningRate: z.number().optional(),
  /** Validation pixels (T0, or held-out S0 images when the project has no T0): the parent's mIoU, the new version's, and whether it is worse by more than the margin. */
  validation: z
    .object({ source: z.enum(['T0', 'held-out S0']), images: z.number().int(), pixels: z.number().int(), parentMiou: z.number(), miou: z.number(), worse: z.boolean(), accepted: z.boolean() })
    .optional(),
});
export type FinetuneRun = z.infer<typeof FinetuneRun>;

export const FinetunePreview = z.object({
  model: z.object({ id: z.number().int(), name: z.string(), version: z.string(), isTarget: z.boolean() }).nullable(),
  hasHead: z.boolean(),
  featureChannels: z.number().int().nullable(),
  /** Layers of the card's trainable tail, or null when it names none (then only the head can be refitted). */
  tailLayers: z.number().int().nullable(),
  /** S0 and S(1..i): images and their total area in pixels. */
  old: z.object({ images: z.number().int(), pixels: z.number() }),
  new: z.object({ images: z.number().int(), pixels: z.number() }),
  /** Why a fine-tune cannot start now, or null when it can. */
  problem: z.string().nullable(),
  defaults: z.object({ iterations: z.number().int(), learningRate: z.number(), batchSize: z.number().int(), seed: z.number().int() }),
  lastRun: FinetuneRun.nullable(),
});
export type FinetunePreview = z.infer<typeof FinetunePreview>;

/** Rectification in the app: refit the target's final 1×1 classifier on S0 ∪ S(1..i) and register the next version. */
export const finetuneMethods = {
  'finetune.preview': method(
    z.object({ modelId: Id.optional() }).strict(),
    FinetunePreview,
    'What a fine-tune of the target (or a given model) would learn from, whether it can run, and the latest run.',
  ),
  'finetune.run': method(
    FinetuneParams,
    z.object({ jobId: z.string() }),
    "Fine-tune a model's trainable tail or classifier head on S0 ∪ S(1..i), the learning rate chosen on T0 (a job); registers and targets the new version unless it is worse on T0 and not accepted.",
  ),
} as const;
