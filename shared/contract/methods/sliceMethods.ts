import { z } from 'zod';
import { MaskPayload } from '../domain.js';
import { method } from '../method.js';
import { VisionModelInfo } from '../../models/visionModels.js';
import { SliceParams } from '../../slices/sliceParams.js';
import { ContrastSchema, IntervalSchema, SliceTestSchema } from '../../slices/sliceSchemas.js';

const Id = z.number().int().positive();
const Count = z.object({ images: z.number().int(), failures: z.number().int() });

export const SliceExample = z.object({
  imageId: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  failed: z.boolean(),
  /** Image mIoU (labelled population) or mean discrepancy d (pool). */
  score: z.number(),
  heldOut: z.boolean(),
});
export type SliceExample = z.infer<typeof SliceExample>;

/** A confirmation of a slice on fresh images: retrieved pool images sent to rating, or generated images. */
export const FreshCheck = z.object({
  id: z.number().int(),
  source: z.enum(['retrieval', 'generator']),
  createdAt: z.string(),
  /** The candidate set sent to rating (retrieval only). */
  setId: z.number().int().nullable(),
  /** Generator and what it varied (generator only). */
  generator: z.string().nullable(),
  plan: z.string().nullable(),
  /** Images asked for per side (in the slice, control). */
  requested: z.number().int(),
  /** Retrieval by text: what was searched for (null: by the slice's region in embedding space). */
  query: z.string().nullable(),
  /** For retrieval: how many of the fresh images have a mean opinion score yet. */
  rated: z.number().int().nullable(),
  total: z.number().int(),
  /** The same test as on held-out images, once there is something to test; BH across the run's fresh checks. */
  test: SliceTestSchema.nullable(),
  summary: z.string(),
});
export type FreshCheck = z.infer<typeof FreshCheck>;

export const SliceCaption = z.object({ imageId: z.number().int(), caption: z.string() });

export const CaptionWordSchema = z.object({
  word: z.string(),
  inside: z.number().int(),
  insideTotal: z.number().int(),
  outside: z.number().int(),
  outsideTotal: z.number().int(),
});

export const SliceView = z.object({
  /** Rank in the run: confirmed slices first, then by rate ratio. */
  index: z.number().int(),
  description: z.string(),
  contrasts: z.array(ContrastSchema),
  discovery: Count,
  test: SliceTestSchema,
  /** Images of the run (both parts) that fall in the slice. */
  members: z.number().int(),
  examples: z.array(SliceExample),
  /** What the run's captioner said of the slice's examples (empty without a captioner). */
  captions: z.array(SliceCaption),
  /** Words its captions use clearly more than captions of images outside every slice. */
  captionWords: z.array(CaptionWordSchema),
  captionSummary: z.string().nullable(),
  fresh: z.array(FreshCheck),
});
export type SliceView = z.infer<typeof SliceView>;

// Fields in the order of the stored report, then the run's own: `faultline slices --json` prints them as it always has.
export const SliceReport = z.object({
  modelId: z.number().int(),
  params: SliceParams,
  population: z.object({
    kind: z.enum(['labelled', 'pool']),
    rule: z.string(),
    threshold: z.number(),
    images: z.number().int(),
    failures: z.number().int(),
    competitorIds: z.array(z.number().int()),
  }),
  embedding: z.object({
    source: z.enum(['features', 'scores', 'encoder']),
    /** The image encoder's folder under models/ (source 'encoder'), else null. */
    encoder: z.string().nullable(),
    /** Whether fresh images can be searched for by text (the encoder has a text tower). */
    text: z.boolean(),
    dims: z.number().int(),
    reducedDims: z.number().int(),
  }),
  /** The captioner that described the slices, and how many reference captions its words were contrasted with. */
  captioner: z.object({ name: z.string(), reference: z.number().int() }).nullable(),
  split: z.object({ by: z.enum(['group', 'random']), groups: z.number().int(), discovery: Count, heldOut: Count }),
  /** Failure rate of all held-out images: the baseline each slice is compared with. */
  baseline: IntervalSchema,
  structure: z.object({ auroc: z.number().nullable(), folds: z.number().int(), present: z.boolean(), threshold: z.number() }),
  clustering: z.object({ k: z.number().int(), silhouettes: z.array(z.object({ k: z.number().int(), silhouette: z.number().nullable() })) }).nullable(),
  failureContrasts: z.array(ContrastSchema),
  failureDescription: z.string(),
  notes: z.array(z.string()),
  slices: z.array(SliceView),
  runId: z.number().int(),
  createdAt: z.string(),
  /** Whether the built-in demo-world generator can make fresh images for this project. */
  generatorAvailable: z.boolean(),
});
export type SliceReport = z.infer<typeof SliceReport>;

/** Failure slices: where the target fails, described, and confirmed on held-out and fresh images. */
export const sliceMethods = {
  'slices.run': method(
    z.object({ modelId: Id.optional(), params: SliceParams.default(SliceParams.parse({})) }).strict(),
    z.object({ jobId: z.string() }),
    'Start a slice-discovery job for a model (default: the target): embeddings, structure test, clustering, held-out tests.',
  ),
  'slices.get': method(
    z.object({ modelId: Id.optional(), runId: Id.optional() }).strict(),
    SliceReport.nullable(),
    'The latest slice run of a model (default: the target), or a given run: slices ranked by confirmed lift, with intervals, p- and q-values, descriptions, examples and fresh checks.',
  ),
  'slices.fetchFresh': method(
    z
      .object({
        runId: Id,
        sliceIndex: z.number().int().min(0),
        source: z.enum(['retrieval', 'generator']),
        /** Images per side: in the slice, and controls outside it. */
        count: z.number().int().min(5).max(500).default(40),
        /** Retrieval only: search fresh pool images by this text with the run's CLIP-like encoder instead of by the slice's region. */
        query: z.string().trim().min(1).max(200).optional(),
        /** Generator only: the address of a generator service (POST /plan, /generate; see shared/slices/generator.ts); default: the built-in demo scenes. */
        generatorUrl: z.string().trim().min(1).max(500).optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
    'Confirm a slice on fresh images: retrieve pool images near it, or matching a text with a CLIP-like encoder (plus controls), into the rating queue; or generate images with the built-in generator and test them against their true masks.',
  ),
  'slices.visionModels': method(
    z.object({}).strict(),
    z.array(VisionModelInfo),
    "The transformers.js model folders in the project's models/ folder: CLIP-like image encoders and captioners, each with what is wrong if it cannot be used.",
  ),
  'slices.failureMask': method(
    z.object({ imageId: Id, modelId: Id }).strict(),
    z.object({ against: z.enum(['reference', 'competitor']), competitorId: z.number().int().nullable(), mask: MaskPayload }).nullable(),
    "Where the model is wrong on an image: 1 where its prediction differs from the reference mask (or, unlabelled, from a competitor's), else 0.",
  ),
} as const;
