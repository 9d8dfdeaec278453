import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider, ProviderFallback, ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { checkGraph } from '../models/checkGraph.js';
import { classMapLut } from '../models/classMap.js';
import { readOnnxModelInfo } from '../models/onnxModelInfo.js';
import type { RegisteredModel } from '../store/models.js';
import { InferencePool } from './inferencePool.js';
import { planPool } from './poolPlan.js';
import { providerCandidates } from './providers.js';
import type { ResizePlan } from './resizePlan.js';
import { modelBytes, modelFolder } from './runInference.js';
import type { BatchImage } from './workerProtocol.js';
import type { DicomModelInput } from './decodeDicomFrame.js';

export interface ScoreMapImage {
  imageId: number;
  relPath: string;
  /** The size recorded at import; a file that decodes to another size is an error. */
  width: number;
  height: number;
}

/** One image's class probabilities at the score map's resolution (channel-major, model class ids) and where the image sits in it. */
export interface ScoreMap {
  imageId: number;
  classes: number;
  h: number;
  w: number;
  probs: Float32Array;
  plan: ResizePlan;
}

export type ScoreMapOutcome = ScoreMap | { imageId: number; error: string };

export interface ScoreMapOptions {
  provider: ProviderRequest;
  workers?: number | undefined;
  batchSize?: number | undefined;
  cores?: number | undefined;
  /** A DICOM frame's input by the card's windowing rule (dicomModelInput), so scores see what inference sees. */
  dicomInput?: ((imageId: number) => DicomModelInput | undefined) | undefined;
}

const DEFAULT_BATCH = 4;
const BATCHES_PER_WORKER = 2;

type Settled<T> = { value: T } | { error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/**
 * A model's float32 class probabilities per image, computed now by the inference pool (same
 * decoding, preprocessing and session as inference) and handed back in image order; nothing is
 * stored. Label-quality scoring uses it where the stored, quantised probabilities are not enough.
 * Memory stays bounded: at most BATCHES_PER_WORKER batches per worker are handed out.
 */
export class ScoreMapRunner {
  private constructor(
    private readonly projectDir: string,
    private readonly model: RegisteredModel,
    private readonly pool: InferencePool,
    private readonly batchSize: number,
    private readonly dicomInput: ScoreMapOptions['dicomInput'],
  ) {}

  static async open(projectDir: string, model: RegisteredModel, options: ScoreMapOptions): Promise<ScoreMapRunner> {
    const bytes = await modelBytes(projectDir, model);
    const { fixedBatch } = checkGraph(readOnnxModelInfo(bytes), model.card);
    const candidates = providerCandidates(options.provider, process.platform, ort.listSupportedBackends());
    const cores = options.cores ?? availableParallelism();
    const planFor = (provider: ExecutionProvider) => planPool(cores, provider, { workers: options.workers });
    try {
      const pool = await InferencePool.open(
        { modelBytes: bytes, externalDataDir: modelFolder(projectDir, model), candidates, card: model.card, lut: classMapLut(model.classMap), projectClassSlots: 0, storeProbs: false, tensorBatch: fixedBatch },
        planFor,
      );
      return new ScoreMapRunner(projectDir, model, pool, fixedBatch ?? options.batchSize ?? DEFAULT_BATCH, options.dicomInput);
    } catch (error) {
      throw new FaultlineError('unsupported', `Model ${model.name} ${model.version} could not be loaded (tried ${candidates.join(', ')}): ${(error as Error).message}`);
    }
  }

  get provider(): ExecutionProvider {
    return this.pool.provider;
  }

  get fallbacks(): ProviderFallback[] {
    return this.pool.fallbacks;
  }

  /** Score maps of `images` in their order; an image that cannot be decoded or run is an outcome with an error. */
  async *run(images: readonly ScoreMapImage[], signal?: AbortSignal): AsyncGenerator<ScoreMapOutcome> {
    const inFlight: Array<Promise<Settled<ScoreMapOutcome[]>>> = [];
    const limit = this.pool.size * BATCHES_PER_WORKER;
    let next = 0;
    let batchId = 0;
    while (next < images.length || inFlight.length > 0) {
      while (next < images.length && inFlight.length < limit && signal?.aborted !== true) {
        inFlight.push(settle(this.batch(batchId++, images.slice(next, next + this.batchSize))));
        next += this.batchSize;
      }
      const head = inFlight.shift();
      if (head === undefined) return;
      const settled = await head;
      if ('error' in settled) throw settled.error;
      yield* settled.value;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async batch(id: number, images: readonly ScoreMapImage[]): Promise<ScoreMapOutcome[]> {
    const outcomes = new Map<number, ScoreMapOutcome>();
    const batch: BatchImage[] = images.map((image) => {
      const dicom = this.dicomInput?.(image.imageId);
      return {
        imageId: image.imageId,
        path: join(this.projectDir, image.relPath),
        relPath: image.relPath,
        size: { width: image.width, height: image.height },
        ...(dicom ? { dicom } : {}),
      };
    });
    const response = await this.pool.scores(id, batch);
    for (const result of response.results) {
      outcomes.set(result.imageId, 'retry' in result ? { imageId: result.imageId, error: `cannot read ${result.retry}` } : result);
    }
    return images.map((image) => outcomes.get(image.imageId) ?? { imageId: image.imageId, error: 'the inference worker gave no result for this image' });
  }
}
