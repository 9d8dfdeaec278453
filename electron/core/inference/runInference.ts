import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider, ProviderFallback, ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { checkGraph } from '../models/checkGraph.js';
import { hashFile } from '../models/externalData.js';
import { classMapLut, projectClassSlots } from '../models/classMap.js';
import { readOnnxModelInfo } from '../models/onnxModelInfo.js';
import type { Db } from '../store/openProjectDb.js';
import type { DicomWindowRule } from '../../../shared/dicom/window.js';
import { dicomModelInput } from './dicomModelInputs.js';
import { listClasses } from '../store/classes.js';
import { fillMissingImageSize } from '../store/images.js';
import { loadModel, loadModels, recordModelProvider, type RegisteredModel } from '../store/models.js';
import { countPending, deleteFailedPredictions, pendingImages, predictionWriter, type PendingImage } from '../store/predictions.js';
import { recordLastProvider } from '../store/projectStats.js';
import { InferencePool } from './inferencePool.js';
import { RemotePool } from './remotePool.js';
import { loadRemoteTarget } from '../remote/loadRemoteTarget.js';
import { isRemoteModelPath, predictionSourceWriter, remoteModel, type RemoteModelRow } from '../store/remoteModels.js';
import { planPool } from './poolPlan.js';
import { providerCandidates } from './providers.js';
import type { BatchImage } from './workerProtocol.js';
import type { ImageResult } from '../store/predictions.js';

export interface InferenceOptions {
  /** Default: every registered model. */
  modelIds?: readonly number[] | undefined;
  provider: ProviderRequest;
  storeProbs: boolean;
  retryFailed: boolean;
  /** Overrides of the pool plan and batch size (benchmarks, tests). */
  workers?: number | undefined;
  batchSize?: number | undefined;
  cores?: number | undefined;
}

export interface ModelRunInfo {
  modelId: number;
  name: string;
  version: string;
  provider: ExecutionProvider;
  fallbacks: ProviderFallback[];
  workers: number;
  threads: number;
  batchSize: number;
  pending: number;
}

export interface ModelRunSummary extends ModelRunInfo {
  processed: number;
  failed: number;
  /** Images whose file could not be read for a retryable reason: no error record, the next run computes them. */
  retryable: number;
  seconds: number;
  /** Sum over workers of the time spent inside session.run. */
  runMs: number;
  /** Sum over workers of the time spent on batches (decoding, tensor building, run, post-processing). */
  workerMs: number;
  /** Sum over images of the time from reading the file to the scaled RGB pixels (in the workers, several at once). */
  decodeMs: number;
}

export interface InferenceProgress {
  done: number;
  failed: number;
  total: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
  model: ModelRunInfo;
}

export interface InferenceSummary {
  models: ModelRunSummary[];
  processed: number;
  failed: number;
  /** Images left for the next run (see ModelRunSummary.retryable). */
  retryable: number;
  /** The first retryable reason met, "images/ab.jpg: ENOENT (…)"; null when none. */
  retryReason: string | null;
  seconds: number;
  cancelled: boolean;
}

export interface InferenceHooks {
  signal?: AbortSignal | undefined;
  onModelStart?(info: ModelRunInfo): void;
  onProgress?(progress: InferenceProgress): void;
}

const DEFAULT_BATCH = 4;
/** Batches handed out at once, per worker: one in the worker, one queued for it. */
const BATCHES_PER_WORKER = 2;

/** The model's ONNX bytes, refused when the file is missing or differs from the one imported. */
export async function modelBytes(projectDir: string, model: RegisteredModel): Promise<Uint8Array> {
  if (isRemoteModelPath(model.onnxRelPath)) {
    throw new FaultlineError('unsupported', `Model ${model.name} ${model.version} is served remotely (${model.onnxRelPath.slice('remote:'.length)}), and this needs its ONNX file here; add the same model with \`npx faultline models add\` for it.`);
  }
  const path = join(projectDir, model.onnxRelPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FaultlineError('not_found', `The file of model ${model.name} ${model.version} is missing (${path}): ${(error as Error).message}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== model.onnxHash) {
    throw new FaultlineError('invalid_input', `${model.onnxRelPath} has changed since model ${model.name} ${model.version} was imported (its SHA-256 differs); import it again as a new version.`);
  }
  for (const file of model.dataFiles) {
    let sha256: string;
    try {
      sha256 = await hashFile(join(projectDir, file.path));
    } catch (error) {
      throw new FaultlineError('not_found', `The external data file ${file.path} of model ${model.name} ${model.version} is missing: ${(error as Error).message}`);
    }
    if (sha256 !== file.sha256) {
      throw new FaultlineError('invalid_input', `${file.path} (external data of model ${model.name} ${model.version}) has changed since it was imported (its SHA-256 differs); import the model again as a new version.`);
    }
  }
  return bytes;
}

/** The folder of the model's copy in the project, where its external data files are (sessions read them from there, never from the working folder). */
export function modelFolder(projectDir: string, model: Pick<RegisteredModel, 'onnxRelPath'>): string {
  return dirname(join(projectDir, model.onnxRelPath));
}

/** The models a run uses: the ones asked for (each must exist), else every registered one; an empty choice is refused. */
export function selectModels(db: Db, ids: readonly number[] | undefined): RegisteredModel[] {
  const models = ids ? ids.map((id) => loadModel(db, id)) : loadModels(db);
  if (models.length === 0) throw new FaultlineError('invalid_input', 'The project has no models yet; add one with `npx faultline models add` or in the Models view.');
  return models;
}

/** Each replica's batch limit; a run's `workers` override caps every replica to it (benchmarks, tests). */
function concurrencyOf(remote: RemoteModelRow, workers: number | undefined): number[] {
  return remote.endpoints.map((e) => (workers === undefined ? e.concurrency : Math.min(e.concurrency, Math.max(1, workers))));
}

function batchImage(db: Db, projectDir: string, image: PendingImage, rule: DicomWindowRule | undefined): BatchImage {
  const size = image.width === null || image.height === null ? null : { width: image.width, height: image.height };
  const dicom = dicomModelInput(db, projectDir, image.id, rule);
  return { imageId: image.id, path: join(projectDir, image.relPath), relPath: image.relPath, size, ...(dicom ? { dicom } : {}) };
}

/**
 * Runs every chosen model over every image it has no stored prediction for (with `storeProbs`,
 * also those whose prediction lacks probabilities). Workers decode, run and post-process their
 * batches while this thread writes finished ones; at most BATCHES_PER_WORKER batches per worker
 * are handed out, which bounds memory.
 * A bad image becomes an error record; an image whose file cannot be read for a retryable reason
 * (it is missing, locked, too many open files: see classifyError) gets none, is counted in
 * `retryable`, and is computed by the next run. Cancelling stops after the batches in flight are stored.
 */
export async function runInference(project: { dir: string; db: Db }, options: InferenceOptions, hooks: InferenceHooks = {}): Promise<InferenceSummary> {
  const { db } = project;
  const started = performance.now();
  const models = selectModels(db, options.modelIds);
  const slots = projectClassSlots(listClasses(db));
  if (options.retryFailed) for (const m of models) deleteFailedPredictions(db, m.id);
  const pendingPerModel = models.map((m) => countPending(db, m.id, options.storeProbs));
  const total = pendingPerModel.reduce((a, b) => a + b, 0);
  const candidates = providerCandidates(options.provider, process.platform, ort.listSupportedBackends());
  const cores = options.cores ?? availableParallelism();
  const writer = predictionWriter(db);
  const sources = predictionSourceWriter(db);
  const summary: InferenceSummary = { models: [], processed: 0, failed: 0, retryable: 0, retryReason: null, seconds: 0, cancelled: false };
  let done = 0;
  let failed = 0;
  let skipped = 0;

  for (const [index, model] of models.entries()) {
    const pending = pendingPerModel[index]!;
    if (pending === 0) continue;
    if (hooks.signal?.aborted) break;
    const remote = remoteModel(db, model.id);
    const setup = { card: model.card, lut: classMapLut(model.classMap), projectClassSlots: slots, storeProbs: options.storeProbs };
    const planFor = (provider: ExecutionProvider) => planPool(cores, provider, { workers: options.workers });
    let pool: InferencePool | RemotePool;
    let fixedBatch: number | null;
    if (remote) {
      fixedBatch = remote.tensorBatch;
      pool = await RemotePool.open({ ...setup, tensorBatch: fixedBatch }, await loadRemoteTarget(remote), concurrencyOf(remote, options.workers));
    } else {
      const bytes = await modelBytes(project.dir, model);
      fixedBatch = checkGraph(readOnnxModelInfo(bytes), model.card).fixedBatch;
      try {
        pool = await InferencePool.open({ ...setup, modelBytes: bytes, externalDataDir: modelFolder(project.dir, model), candidates, tensorBatch: fixedBatch }, planFor);
      } catch (error) {
        const tried = candidates.join(', ');
        throw new FaultlineError('unsupported', `Model ${model.name} ${model.version} could not be loaded (tried ${tried}): ${(error as Error).message}`);
      }
    }
    const batchSize = fixedBatch ?? options.batchSize ?? DEFAULT_BATCH;
    const plan = pool instanceof RemotePool ? { threads: 1 } : planFor(pool.provider);
    const info: ModelRunInfo = {
      modelId: model.id,
      name: model.name,
      version: model.version,
      provider: pool.provider,
      fallbacks: pool.fallbacks,
      workers: pool.size,
      threads: plan.threads,
      batchSize,
      pending,
    };
    recordModelProvider(db, model.id, pool.provider);
    recordLastProvider(db, { provider: pool.provider, fallbacks: pool.fallbacks });
    hooks.onModelStart?.(info);
    const run: ModelRunSummary = { ...info, processed: 0, failed: 0, retryable: 0, seconds: 0, runMs: 0, workerMs: 0, decodeMs: 0 };
    const modelStarted = performance.now();

    const progress = (): void => {
      const seconds = (performance.now() - started) / 1000;
      const handled = done + skipped;
      const rate = handled / Math.max(seconds, 1e-3);
      hooks.onProgress?.({ done: handled, failed, total, imagesPerSecond: rate, etaSeconds: rate > 0 ? (total - handled) / rate : null, model: info });
    };

    const record = (result: ImageResult): void => {
      writer.add({ modelId: model.id, result });
      run.processed++;
      done++;
      if ('error' in result) {
        run.failed++;
        failed++;
      }
      progress();
    };

    /** An image left for the next run: nothing is stored for it. */
    const leave = (reason: string): void => {
      run.retryable++;
      skipped++;
      summary.retryReason ??= reason;
      progress();
    };

    const processBatch = async (batchId: number, images: PendingImage[]): Promise<void> => {
      const response = await pool.run(
        batchId,
        images.map((image) => batchImage(project.db, project.dir, image, model.card.input.dicomWindow)),
      );
      run.runMs += response.runMs;
      run.workerMs += response.workMs;
      run.decodeMs += response.decodeMs;
      const source = response.source;
      if (source) {
        for (const result of response.results) if (!('retry' in result) && !('error' in result)) sources.add({ modelId: model.id, imageId: result.imageId, endpoint: source.endpoint, modelVersion: source.modelVersion });
      }
      const sizeUnknown = new Set(images.filter((image) => image.width === null || image.height === null).map((image) => image.id));
      for (const result of response.results) {
        if ('retry' in result) {
          leave(result.retry);
          continue;
        }
        if ('imageSize' in result && result.imageSize && sizeUnknown.has(result.imageId)) fillMissingImageSize(db, result.imageId, result.imageSize.width, result.imageSize.height);
        record(result);
      }
    };

    const inFlight = new Set<Promise<void>>();
    const failure: { error?: unknown } = {};
    try {
      let after = 0;
      let batchId = 0;
      while (!('error' in failure) && !hooks.signal?.aborted) {
        const images = pendingImages(db, model.id, after, batchSize, options.storeProbs);
        if (images.length === 0) break;
        after = images[images.length - 1]!.id;
        const task: Promise<void> = processBatch(batchId++, images)
          .catch((error: unknown) => {
            if (!('error' in failure)) failure.error = error;
          })
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= pool.size * BATCHES_PER_WORKER) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      writer.flush();
      sources.flush();
    } finally {
      await pool.close();
    }
    run.seconds = (performance.now() - modelStarted) / 1000;
    summary.models.push(run);
    if ('error' in failure) throw failure.error;
  }
  writer.flush();
  sources.flush();
  summary.processed = done;
  summary.failed = failed;
  summary.retryable = skipped;
  summary.seconds = (performance.now() - started) / 1000;
  summary.cancelled = hooks.signal?.aborted ?? false;
  return summary;
}
