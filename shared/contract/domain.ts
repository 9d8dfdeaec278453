import { z } from 'zod';
import { PROVIDER_REQUESTS, PERSON_ROLES } from './enumValues.js';

/** Domain records as they cross the contract. Storage rows are mapped to these in the core. */

export const ProjectInfo = z.object({
  dir: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  readOnly: z.boolean(),
  createdAt: z.string(),
  isDemo: z.boolean(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const ProjectStats = z.object({
  images: z.number().int(),
  imagesFailed: z.number().int(),
  labelledImages: z.number().int(),
  models: z.number().int(),
  classes: z.number().int(),
  rounds: z.number().int(),
  ratings: z.number().int(),
  annotations: z.number().int(),
  people: z.number().int(),
});
export type ProjectStats = z.infer<typeof ProjectStats>;

export const RecentProject = z.object({
  dir: z.string(),
  name: z.string(),
  openedAt: z.string(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const PersonRole = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof PersonRole>;

export const Person = z.object({
  id: z.number().int(),
  name: z.string(),
  roles: z.array(PersonRole),
  createdAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const ImageSplit = z.enum(['pool', 'train', 'test']);
export type ImageSplit = z.infer<typeof ImageSplit>;

export const ImageSummary = z.object({
  id: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  contentHash: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  split: ImageSplit,
  status: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  hasLabel: z.boolean(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

/** The Pool's sorts: import order (oldest or newest first), by name, by status (failed first). */
export const ImageBrowseOrder = z.enum(['oldest', 'newest', 'name', 'status']);
export type ImageBrowseOrder = z.infer<typeof ImageBrowseOrder>;

/** Where a page of images.browse ended: the last image's sort key and id. */
export const ImageBrowseCursor = z.object({ key: z.string().max(4096), id: z.number().int().min(0) }).strict();
export type ImageBrowseCursor = z.infer<typeof ImageBrowseCursor>;

export const ClassInfo = z.object({
  id: z.number().int().min(0).max(254),
  name: z.string().min(1),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  superclass: z.string().nullable(),
});
export type ClassInfo = z.infer<typeof ClassInfo>;

export const ModelSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.string(),
  isTarget: z.boolean(),
  createdAt: z.string(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const HostKind = z.enum(['electron', 'server', 'in-process']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  version: z.string(),
  host: HostKind,
  schemaVersion: z.number().int(),
  platform: z.string(),
  canPickDirectory: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

/**
 * Every kind of long job the core runs. The strings are what the renderer filters on, so a new
 * kind is added here and nowhere else.
 */
export const JobKind = z.enum([
  'images.import',
  'groundTruth.import',
  'inference',
  'mining',
  'evaluation',
  'export',
  'errors',
  'finetune',
  'label-quality',
  'slices',
  'slices.fresh',
  'demo',
]);
export type JobKind = z.infer<typeof JobKind>;

export const JobInfo = z.object({
  jobId: z.string(),
  kind: JobKind,
  state: JobState,
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  message: z.string(),
  error: z.string().nullable(),
  startedAt: z.string(),
});
export type JobInfo = z.infer<typeof JobInfo>;

/** Mask editor: label maps, annotation versions and reviews. */

/** Largest label map the editor accepts (pixels); 8192×8192 keeps a map and its undo history in memory. */
export const MAX_MASK_PIXELS = 8192 * 8192;

/** Longest deflated, base64 mask a call may carry: a label map at MAX_MASK_PIXELS that compresses badly still fits. */
export const MAX_MASK_DATA_CHARS = 60_000_000;

/**
 * A label map on the wire: width×height class ids, row-major, 255 = unlabelled, zlib-deflated
 * (what the browser's CompressionStream('deflate') writes) and base64-encoded.
 */
export const MaskPayload = z
  .object({
    width: z.number().int().min(1).max(8192),
    height: z.number().int().min(1).max(8192),
    encoding: z.literal('deflate'),
    data: z.string().max(MAX_MASK_DATA_CHARS),
  })
  .refine((m) => m.width * m.height <= MAX_MASK_PIXELS, 'the mask is larger than the editor supports');
export type MaskPayload = z.infer<typeof MaskPayload>;

/** Where a label map comes from. */
export const MaskSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('draft'), imageId: z.number().int(), authorId: z.number().int() }).strict(),
  z.object({ kind: z.literal('annotation'), annotationId: z.number().int() }).strict(),
  z.object({ kind: z.literal('prediction'), imageId: z.number().int(), modelId: z.number().int() }).strict(),
  z.object({ kind: z.literal('ground_truth'), imageId: z.number().int() }).strict(),
]);
export type MaskSource = z.infer<typeof MaskSource>;

/** What an annotation started from, as stored: scratch, ground_truth, prediction:<modelId> or annotation:<id>. */
export const AnnotationOrigin = z.string().regex(/^(scratch|ground_truth|prediction:\d+|annotation:\d+)$/, 'unknown annotation origin');
export type AnnotationOrigin = z.infer<typeof AnnotationOrigin>;

export const AnnotationStatus = z.enum(['draft', 'submitted', 'accepted', 'returned']);
export type AnnotationStatus = z.infer<typeof AnnotationStatus>;

/** One stored annotation: a draft (version 0, one per image and author) or a submitted version 1, 2, … of the image. */
export const AnnotationVersion = z.object({
  id: z.number().int(),
  imageId: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  version: z.number().int().min(0),
  status: AnnotationStatus,
  origin: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  timeMs: z.number().int().min(0),
  createdAt: z.string(),
});
export type AnnotationVersion = z.infer<typeof AnnotationVersion>;

export const ReviewMarkKind = z.enum(['wrong_class', 'missing_region', 'extra_region', 'boundary']);
export type ReviewMarkKind = z.infer<typeof ReviewMarkKind>;

/** A reviewer's pin on a mask, in image pixel coordinates. */
export const ReviewMark = z.object({
  x: z.number().min(0),
  y: z.number().min(0),
  kind: ReviewMarkKind,
  comment: z.string().max(1000),
});
export type ReviewMark = z.infer<typeof ReviewMark>;

export const ReviewDecision = z.enum(['accepted', 'returned']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ReviewRecord = z.object({
  id: z.number().int(),
  annotationId: z.number().int(),
  version: z.number().int(),
  reviewerId: z.number().int(),
  reviewerName: z.string(),
  decision: ReviewDecision,
  marks: z.array(ReviewMark),
  createdAt: z.string(),
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;

/** A label map an annotator may start from, with a line for the picker. */
export const MaskStart = z.object({ source: MaskSource, origin: AnnotationOrigin, label: z.string() });
export type MaskStart = z.infer<typeof MaskStart>;

export const AnnotationQueueFilter = z.enum(['all', 'unlabelled', 'drafts', 'submitted', 'returned', 'accepted']);
export type AnnotationQueueFilter = z.infer<typeof AnnotationQueueFilter>;

export const AnnotationQueueItem = z.object({
  image: ImageSummary,
  /** The newest submitted, accepted or returned version. */
  latest: AnnotationVersion.nullable(),
  /** The asking annotator's draft, if any. */
  draft: AnnotationVersion.nullable(),
});
export type AnnotationQueueItem = z.infer<typeof AnnotationQueueItem>;

/** Everything the editor needs to open an image for one person. */
export const AnnotationSession = z.object({
  image: ImageSummary,
  draft: AnnotationVersion.nullable(),
  latest: AnnotationVersion.nullable(),
  /** The review of `latest`, when it has one. */
  latestReview: ReviewRecord.nullable(),
  starts: z.array(MaskStart),
});
export type AnnotationSession = z.infer<typeof AnnotationSession>;

/** Execution providers the inference pool can run on (onnxruntime names: 'dml' is DirectML). */
/** 'remote': a model served over the Open Inference Protocol (KServe v2), not a session in this process. */
export const ExecutionProvider = z.enum(['cuda', 'dml', 'coreml', 'cpu', 'remote']);
export type ExecutionProvider = z.infer<typeof ExecutionProvider>;

/** 'auto' tries the platform's providers best first; a named one is used or the call fails. */
export const ProviderRequest = z.enum(PROVIDER_REQUESTS);
export type ProviderRequest = z.infer<typeof ProviderRequest>;

export const ClassMapEntry = z.object({
  modelClassId: z.number().int().min(0).max(254),
  modelClassName: z.string(),
  /** The project class this model class counts as; null: ignored (255 in stored label maps). */
  projectClassId: z.number().int().min(0).max(254).nullable(),
});
export type ClassMapEntry = z.infer<typeof ClassMapEntry>;

/** A replica of a remote model: its base address and how many batches it takes at once. */
export const RemoteEndpoint = z.object({
  url: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// address'),
  concurrency: z.number().int().min(1).max(64),
});
export type RemoteEndpoint = z.infer<typeof RemoteEndpoint>;

/** Where a model served over the Open Inference Protocol (KServe v2) runs; its token and CA are files on this machine. */
export const RemoteModelInfo = z.object({
  servedName: z.string(),
  /** null: the server's choice; each prediction records the version that answered. */
  servedVersion: z.string().nullable(),
  endpoints: z.array(RemoteEndpoint),
  /** false: plain JSON instead of the binary tensor extension. */
  binary: z.boolean(),
  tokenFile: z.string().nullable(),
  caFile: z.string().nullable(),
});
export type RemoteModelInfo = z.infer<typeof RemoteModelInfo>;

/** A registered model with what the registry and the inference pool know about it. */
export const ModelEntry = ModelSummary.extend({
  description: z.string(),
  classes: z.array(ClassInfo),
  classMap: z.array(ClassMapEntry),
  /** Provider of the latest session that ran this model (import dry run or inference). */
  provider: ExecutionProvider.nullable(),
  onnxRelPath: z.string(),
  onnxHash: z.string(),
  input: z.object({
    width: z.number().int(),
    height: z.number().int(),
    resize: z.enum(['stretch', 'letterbox', 'crop']),
    layout: z.enum(['NCHW', 'NHWC']),
    channelOrder: z.enum(['RGB', 'BGR', 'grey']),
  }),
  outputKind: z.enum(['logits', 'probabilities', 'sigmoid', 'binary_logit', 'class_ids']),
  /** Set for a model served over the Open Inference Protocol instead of run from its ONNX file here. */
  remote: RemoteModelInfo.nullable(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const ProviderFallback = z.object({ provider: ExecutionProvider, reason: z.string() });
export type ProviderFallback = z.infer<typeof ProviderFallback>;

export const InferenceModelCounts = z.object({
  modelId: z.number().int(),
  name: z.string(),
  version: z.string(),
  /** Images that inference runs on (status 'ok'). */
  images: z.number().int().min(0),
  done: z.number().int().min(0),
  failed: z.number().int().min(0),
  pending: z.number().int().min(0),
});
export type InferenceModelCounts = z.infer<typeof InferenceModelCounts>;

export const InferenceStatus = z.object({
  /** Providers onnxruntime offers on this platform, in the order 'auto' tries them. */
  providers: z.array(ExecutionProvider),
  /** Provider of the latest session this core created; null before the first. */
  providerInUse: ExecutionProvider.nullable(),
  /** Better providers that were tried for that session and why each was skipped. */
  fallbacks: z.array(ProviderFallback),
  models: z.array(InferenceModelCounts),
});
export type InferenceStatus = z.infer<typeof InferenceStatus>;

/** One stored prediction; the label map is in project class ids (255: no project class). */
export const PredictionView = z.object({
  imageId: z.number().int(),
  modelId: z.number().int(),
  /**
   * The label map's size: the image's, or less for a photo far larger than the model's score map
   * (predictions are stored at bounded resolution, shared/labels/predictionMapSize.ts): draw it
   * stretched over the image.
   */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Why the image could not be predicted (undecodable or missing file, …); the other fields are then empty. */
  failure: z.string().nullable(),
  /** Base64 of the zlib-deflated uint8 label map, width × height, row-major. */
  labelMap: z.string().nullable(),
  /** Fraction of the image's pixels per project class id. */
  classFractions: z.array(z.number()),
  meanEntropy: z.number().nullable(),
  meanMargin: z.number().nullable(),
  /** Size of the stored quantised probabilities, 0 when none were stored. */
  probsBytes: z.number().int().min(0),
});
export type PredictionView = z.infer<typeof PredictionView>;

/** Why one file of an image import was not imported (kind 'image') or its mask was not stored (kind 'mask'). */
export const ImportFailureCode = z.enum([
  'unreadable',
  'empty',
  'too_large',
  'not_an_image',
  'unsupported',
  'too_many_pixels',
  'corrupt',
  'mask_missing',
  'mask_invalid',
  'mask_size',
]);
export type ImportFailureCode = z.infer<typeof ImportFailureCode>;

export const ImportFailureKind = z.enum(['image', 'mask']);
export type ImportFailureKind = z.infer<typeof ImportFailureKind>;

export const ImportFailure = z.object({
  id: z.number().int(),
  /** The imported folder; relPath is relative to it. */
  folder: z.string(),
  relPath: z.string(),
  kind: ImportFailureKind,
  code: ImportFailureCode,
  reason: z.string(),
  recordedAt: z.string(),
});
export type ImportFailure = z.infer<typeof ImportFailure>;

/** Counts of one import run; counts of written records are what is committed to the project. */
export const ImportSummary = z.object({
  runId: z.string(),
  state: JobState,
  error: z.string().nullable(),
  folder: z.string(),
  split: ImageSplit,
  masksFolder: z.string().nullable(),
  /** Image files found so far by extension; final once walkDone. */
  found: z.number().int().min(0),
  walkDone: z.boolean(),
  processed: z.number().int().min(0),
  imported: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  failed: z.number().int().min(0),
  masksStored: z.number().int().min(0),
  maskFailures: z.number().int().min(0),
  /** Files (or masks) that could not be read for a retryable reason (I/O, resources): no failure record; the next run tries them again. */
  retryable: z.number().int().min(0),
  /** The first retryable reason met, "a/b.jpg: ENOENT: …"; null when none. */
  retryReason: z.string().nullable(),
  /** True when the run left files to retry: run the import again to finish it. */
  incomplete: z.boolean(),
  /** DICOM frames imported whose pixels may carry burned-in text (de-identification cleans headers only): review them. */
  burnedIn: z.number().int().min(0).default(0),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImageThumbnail = z.object({
  id: z.number().int(),
  /** data: URL of a small WebP (longest side 192 px), orientation applied. */
  dataUrl: z.string(),
  /** Where the image was imported from, relative to the imported folder. */
  sourcePath: z.string().nullable(),
});
export type ImageThumbnail = z.infer<typeof ImageThumbnail>;

/** What merging another copy of the project added to this one, or changed in it, per kind of record. */
export const MergeCounts = z.object({ added: z.number().int(), updated: z.number().int() });
export type MergeCounts = z.infer<typeof MergeCounts>;

export const MergeCountsByKind = z.object({
  people: MergeCounts,
  images: MergeCounts,
  models: MergeCounts,
  rounds: MergeCounts,
  candidateSets: MergeCounts,
  ratings: MergeCounts,
  /** Versions and drafts. */
  annotations: MergeCounts,
  reviews: MergeCounts,
});
export type MergeCountsByKind = z.infer<typeof MergeCountsByKind>;
export type MergeKind = keyof MergeCountsByKind;

export const MergeSummary = z.object({
  from: z.string(),
  /** True when nothing was written: the counts are what a merge would do. */
  dryRun: z.boolean(),
  counts: MergeCountsByKind,
  /** Images where both copies made new versions since their last shared one; their newest version awaits review. */
  conflicts: z.array(z.object({ imageId: z.number().int(), relPath: z.string() })),
  /** Models whose name and version were taken here by a different file, and the version they were given. */
  renamedModels: z.array(z.object({ name: z.string(), version: z.string(), mergedAs: z.string() })),
  filesCopied: z.number().int(),
});
export type MergeSummary = z.infer<typeof MergeSummary>;
