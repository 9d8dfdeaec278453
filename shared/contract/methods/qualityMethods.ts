import { z } from 'zod';
import { MaskPayload, ProviderRequest } from '../domain.js';
import { Empty, method } from '../method.js';

const Id = z.number().int().positive();
const ClassId = z.number().int().min(0).max(254);

/** Where a run's probabilities come from: stored by inference (uint8, model resolution) or computed now at full resolution. */
export const QualitySource = z.enum(['stored', 'fresh']);
export type QualitySource = z.infer<typeof QualitySource>;
/**
 * Where a run takes its probabilities: 'auto' is the stored ones when every labelled image of the
 * set has them, else the model run now (a project whose inference kept no probabilities, the demo's
 * included, can be scored without choosing).
 */
export const QualitySourceChoice = z.enum(['auto', ...QualitySource.options]);
export type QualitySourceChoice = z.infer<typeof QualitySourceChoice>;

export const QualitySet = z.object({
  /** S0 (the labelled training split), T0, S1, T1, … */
  name: z.string(),
  kind: z.enum(['train', 'user', 'unbiased', 'counterexamples']),
  images: z.number().int(),
  /** Images with a mask to score (ground truth, or a submitted or accepted annotation). */
  labelled: z.number().int(),
});
export type QualitySet = z.infer<typeof QualitySet>;

export const QualityRun = z.object({
  id: z.number().int(),
  setName: z.string(),
  modelId: z.number().int(),
  modelName: z.string(),
  modelVersion: z.string(),
  source: QualitySource,
  /** Size of the grid the search ran on: the score map (stored) or the largest image (fresh). */
  workingWidth: z.number().int(),
  workingHeight: z.number().int(),
  images: z.number().int(),
  flaggedImages: z.number().int(),
  /** Confident learning's estimate of mislabelled working pixels. */
  numIssuesEstimate: z.number().int(),
  /** Per project class id, the mean predicted probability of the class over pixels labelled with it. */
  thresholds: z.array(z.number()),
  skipped: z.object({
    unlabelled: z.number().int(),
    noProbabilities: z.number().int(),
    failed: z.number().int(),
    messages: z.array(z.string()),
  }),
  /** What the user should know about images left out, and what to do. */
  warnings: z.array(z.string()),
  seconds: z.number(),
  createdAt: z.string(),
});
export type QualityRun = z.infer<typeof QualityRun>;

export const QualityImage = z.object({
  imageId: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  /** Softmin of the pixels' p(label): 0..1, lower = more likely mislabelled. */
  score: z.number(),
  /** Flagged pixels at the image's own size. */
  issues: z.number().int(),
  /** Flagged pixels matching the class or pair filter; null without one. */
  matching: z.number().int().nullable(),
  /** The mask was edited after this score was computed (rescore it). */
  labelChanged: z.boolean(),
  rescoredAt: z.string().nullable(),
});
export type QualityImage = z.infer<typeof QualityImage>;

// Fields in the order the store gives them, so `faultline quality --json` prints them as it always has.
export const CommonIssue = z.object({
  given: z.number().int(),
  predicted: z.number().int(),
  /** Flagged pixels labelled `given` where the model predicts `predicted`. */
  pixels: z.number().int(),
  images: z.number().int(),
  givenName: z.string(),
  predictedName: z.string(),
});
export type CommonIssue = z.infer<typeof CommonIssue>;

const Pair = z.object({ given: ClassId, predicted: ClassId }).strict();

/** Label quality: confident-learning scores of labelled sets, their flagged pixels, and rescoring after an edit. */
export const qualityMethods = {
  'quality.sets': method(Empty, z.array(QualitySet), 'The labelled sets that can be scored (S0, T0, S(i), T(i)) with their sizes.'),
  'quality.run': method(
    z
      .object({
        set: z.string().min(1).max(64).default('S0'),
        /** Default: the target model. */
        modelId: Id.optional(),
        source: QualitySourceChoice.default('auto'),
        /** Execution provider for the fresh source. */
        provider: ProviderRequest.default('auto'),
      })
      .strict(),
    z.object({ jobId: z.string() }),
    'Score a labelled set with a model as a job (progress as job.progress events, cancellable); the run is stored when it finishes.',
  ),
  'quality.runs': method(Empty, z.array(QualityRun), 'Every stored label-quality run, newest first.'),
  'quality.images': method(
    z
      .object({
        runId: Id,
        /** Only images with flagged pixels labelled as, or predicted as, this class. */
        classId: ClassId.optional(),
        /** Only images with flagged pixels of this given → predicted pair. */
        pair: Pair.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(QualityImage) }),
    'A page of a run’s images, lowest score (most likely mislabelled) first.',
  ),
  'quality.imageMasks': method(
    z.object({ runId: Id, imageId: Id }).strict(),
    z.object({
      imageId: z.number().int(),
      score: z.number(),
      issues: z.number().int(),
      labelChanged: z.boolean(),
      /** 1 where a pixel was flagged, 0 elsewhere, at the image's size. */
      flagged: MaskPayload,
      /** The image's current mask (what the editor opens), null when it has none any more. */
      label: MaskPayload.nullable(),
    }),
    'One image of a run: its flagged pixels and its current mask.',
  ),
  'quality.commonIssues': method(
    z
      .object({
        runId: Id,
        /** Only pairs where this class is the given or the predicted one. */
        classId: ClassId.optional(),
        top: z.number().int().min(1).max(500).default(20),
      })
      .strict(),
    z.array(CommonIssue),
    'Given → predicted class pairs among a run’s flagged pixels, most pixels first.',
  ),
  'quality.rescoreImage': method(
    z.object({ imageId: Id, runId: Id.optional() }).strict(),
    z.object({
      rescored: z.array(z.object({ runId: z.number().int(), setName: z.string(), previousScore: z.number(), score: z.number(), issues: z.number().int() })),
    }),
    'Score one image again after its mask was edited: in the given run, or in the newest run of each set, model and source holding it.',
  ),
} as const;
