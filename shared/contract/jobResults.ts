import { z } from 'zod';
import { BoundsSource, SelectionStrategy } from '../mining/miningParams.js';
import { ExecutionProvider, ImportSummary, JobKind, JobState, ProviderFallback } from './domain.js';
import { WireError } from './errors.js';
import { CategoryTotalsView } from './methods/errorMethods.js';
import { FinetuneRun } from './methods/finetuneMethods.js';
import { GroundTruthImportResult } from './methods/groundTruthMethods.js';

const Int = z.number().int();

/** "3 images could not be read (a.jpg: ENOENT: …); run the import again to retry them", or null when none. */
export function describeImportRetry(s: Pick<ImportSummary, 'retryable' | 'retryReason'>): string | null {
  if (s.retryable === 0) return null;
  const reason = s.retryReason ? ` (${s.retryReason})` : '';
  return `${s.retryable} image${s.retryable === 1 ? '' : 's'} could not be read${reason}; run the import again to retry ${s.retryable === 1 ? 'it' : 'them'}.`;
}

/** "2 images could not be read (…); no error was recorded, so the next run computes them", or null when none. */
export function describeInferenceRetry(s: { retryable: number; retryReason: string | null }): string | null {
  if (s.retryable === 0) return null;
  const reason = s.retryReason ? ` (${s.retryReason})` : '';
  return `${s.retryable} image${s.retryable === 1 ? '' : 's'} could not be read${reason}; no error was recorded, so the next run computes ${s.retryable === 1 ? 'it' : 'them'}.`;
}

const ModelRunSummary = z.object({
  modelId: Int,
  name: z.string(),
  version: z.string(),
  provider: ExecutionProvider,
  fallbacks: z.array(ProviderFallback),
  workers: Int,
  threads: Int,
  batchSize: Int,
  pending: Int,
  processed: Int,
  failed: Int,
  /** Images whose file could not be read for a retryable reason: no error record, the next run computes them. */
  retryable: Int,
  seconds: z.number(),
  runMs: z.number(),
  workerMs: z.number(),
  decodeMs: z.number(),
});

export const InferenceResult = z.object({
  models: z.array(ModelRunSummary),
  processed: Int,
  failed: Int,
  /** Images left for the next run: their file could not be read for a retryable reason (I/O, resources). */
  retryable: Int,
  /** The first retryable reason met, "images/ab/cd.jpg: ENOENT: …"; null when none. */
  retryReason: z.string().nullable(),
  seconds: z.number(),
  /** True when the run was cancelled: what finished is stored. */
  cancelled: z.boolean(),
});
export type InferenceResult = z.infer<typeof InferenceResult>;

export const MiningResult = z.object({
  setId: Int,
  roundId: Int,
  strategy: SelectionStrategy,
  size: Int,
  poolImages: Int,
  s0Masks: Int,
  /** Where MAD's content bounds came from (s0, or the pool while there is no S0); null for a baseline. */
  boundsSource: BoundsSource.nullable(),
  discrepanciesComputed: Int,
});
export type MiningResult = z.infer<typeof MiningResult>;

export const EvaluationResult = z.array(z.object({ modelId: Int, testSetId: Int, miou: z.number() }));

/** Export layouts: four for training frameworks, two that go back to a hospital's systems (DICOM SEG per series, NIfTI label volumes). */
export const ExportFormat = z.enum(['voc', 'coco', 'cityscapes', 'cvat', 'dicom-seg', 'nifti']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportResult = z.object({
  format: ExportFormat,
  out: z.string(),
  splits: z.array(z.object({ name: z.string(), images: Int })),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ErrorRunResult = z.array(
  z.object({
    runId: Int,
    modelId: Int,
    setName: z.string(),
    images: Int,
    unlabelled: Int,
    unpredicted: Int,
    probsImages: Int,
    labelErrorRule: z.enum(['active', 'no_probabilities', 'no_competitors', 'partial']),
    totals: CategoryTotalsView,
  }),
);

export const LabelQualityResult = z.object({
  runId: Int,
  setName: z.string(),
  model: z.object({ id: Int, name: z.string(), version: z.string() }),
  source: z.enum(['stored', 'fresh']),
  images: Int,
  flaggedImages: Int,
  numIssuesEstimate: Int,
  skipped: z.object({ unlabelled: Int, noProbabilities: Int, failed: Int, messages: z.array(z.string()) }),
  warnings: z.array(z.string()),
  seconds: z.number(),
});
export type LabelQualityResult = z.infer<typeof LabelQualityResult>;

export const SliceRunResult = z.object({ runId: Int, slices: Int, confirmed: Int, structurePresent: z.boolean() });

const RateCount = z.object({ images: Int, failures: Int });

/** Fresh images for a slice: pool images retrieved into a set, or generated ones scored at once. */
export const FreshResult = z.union([
  z.object({ setId: Int, roundId: Int, inside: Int, outside: Int }),
  z.object({ generator: z.string(), plan: z.string(), requested: Int, threshold: z.number(), thresholdRule: z.string(), inside: RateCount, outside: RateCount }),
]);

/** What each kind of job returns when it ends; `jobs.wait` hands it out, validated like any output. */
export const jobResults = {
  'images.import': ImportSummary,
  'groundTruth.import': GroundTruthImportResult,
  inference: InferenceResult,
  mining: MiningResult,
  evaluation: EvaluationResult,
  export: ExportResult,
  errors: ErrorRunResult,
  finetune: FinetuneRun,
  'label-quality': LabelQualityResult,
  slices: SliceRunResult,
  'slices.fresh': FreshResult,
  /** The folder of the demo project. */
  demo: z.string(),
} as const satisfies Record<JobKind, z.ZodType>;
export type JobResults = typeof jobResults;
export type JobResult<K extends JobKind> = z.output<JobResults[K]>;
/** What a job's work must return: the schema's input, so extra internal fields are allowed and dropped on the wire. */
export type JobResultInput<K extends JobKind> = z.input<JobResults[K]>;

function outcomeOf<K extends JobKind>(kind: K) {
  return z.object({
    jobId: z.string(),
    kind: z.literal(kind),
    state: JobState,
    /** Why the job failed; null unless state is 'failed'. */
    error: WireError.nullable(),
    /** The job's result; null while it failed, or was cancelled before it could return one. */
    result: jobResults[kind].nullable(),
  });
}

/** A finished job as `jobs.wait` reports it; narrowing on kind types its result. */
export const JobOutcome = z.discriminatedUnion('kind', [
  outcomeOf('images.import'),
  outcomeOf('groundTruth.import'),
  outcomeOf('inference'),
  outcomeOf('mining'),
  outcomeOf('evaluation'),
  outcomeOf('export'),
  outcomeOf('errors'),
  outcomeOf('finetune'),
  outcomeOf('label-quality'),
  outcomeOf('slices'),
  outcomeOf('slices.fresh'),
  outcomeOf('demo'),
]);
export type JobOutcome = z.infer<typeof JobOutcome>;
