import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { providerCandidates } from '../inference/providers.js';
import { classMapLut } from '../models/classMap.js';
import { checkGraph } from '../models/checkGraph.js';
import type { RegisteredModel } from '../store/models.js';
import { readOnnxModelInfo } from '../models/onnxModelInfo.js';
import { modelBytes } from '../inference/runInference.js';
import { createWorker } from '../../platform/createWorker.js';
import { WorkerChannel } from '../workers/workerChannel.js';
import type { EmbedItem, EmbedRequest, EmbedResponse, EmbedResult } from './embeddingProtocol.js';
import { withFeatureOutput } from './featureOutput.js';
import type { EmbeddingSource } from '../store/embeddings.js';

/**
 * One worker thread holding the target's embedding session (see embeddingWorker.ts), one request
 * at a time. The session uses all but one core: the host thread keeps decoding meanwhile.
 */
export class EmbeddingSession {
  private constructor(
    private readonly channel: WorkerChannel<EmbedRequest, EmbedResponse>,
    readonly source: EmbeddingSource,
    readonly batchSize: number,
  ) {}

  static async open(projectDir: string, model: RegisteredModel): Promise<EmbeddingSession> {
    const original = await modelBytes(projectDir, model);
    const { fixedBatch } = checkGraph(readOnnxModelInfo(original), model.card);
    const { bytes, feature, source } = withFeatureOutput(original, model.card);
    const session = new EmbeddingSession(new WorkerChannel(createWorker(import.meta.url, 'embeddingWorker'), 'embedding worker'), source, fixedBatch ?? 8);
    try {
      const ready = await session.channel.request({
        type: 'init',
        modelBytes: bytes,
        candidates: providerCandidates('auto', process.platform, ort.listSupportedBackends()),
        threads: Math.max(1, availableParallelism() - 1),
        card: model.card,
        feature,
        tensorBatch: fixedBatch,
        lut: classMapLut(model.classMap),
      });
      if (ready.type !== 'ready') throw new FaultlineError('unsupported', `Model ${model.name} ${model.version} could not be loaded for embeddings: ${ready.type === 'failed' ? ready.message : ready.type}`);
      return session;
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  async run(items: EmbedItem[], labels: boolean): Promise<EmbedResult[]> {
    const response = await this.channel.request({ type: 'run', items, labels });
    if (response.type === 'failed') throw new Error(response.message);
    if (response.type !== 'result') throw new Error(`the embedding worker answered ${response.type}`);
    return response.results;
  }

  /** Resolves when the worker has ended, after the request in flight (never ended mid-run: see WorkerChannel.retire). */
  close(): Promise<void> {
    return this.channel.retire();
  }
}
