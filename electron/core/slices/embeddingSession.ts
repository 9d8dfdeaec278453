import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { providerCandidates } from '../inference/providers.js';
import { classMapLut } from '../models/classMap.js';
import { checkGraph } from '../models/checkGraph.js';
import type { RegisteredModel } from '../models/modelRows.js';
import { readOnnxModelInfo } from '../models/onnxModelInfo.js';
import { createWorker } from '../workers/createWorker.js';
import type { EmbedItem, EmbedRequest, EmbedResponse, EmbedResult } from './embeddingProtocol.js';
import { withFeatureOutput, type EmbeddingSource } from './featureOutput.js';

/** The model file as registered: refused when it is missing or has changed since import. */
export async function registeredModelBytes(projectDir: string, model: RegisteredModel): Promise<Uint8Array> {
  const path = join(projectDir, model.onnxRelPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FaultlineError('not_found', `The file of model ${model.name} ${model.version} is missing (${path}): ${(error as Error).message}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== model.onnxHash) {
    throw new FaultlineError('invalid_input', `${model.onnxRelPath} has changed since model ${model.name} ${model.version} was imported; import it again as a new version.`);
  }
  return bytes;
}

/**
 * One worker thread holding the target's embedding session (see embeddingWorker.ts), one request
 * at a time. The session uses all but one core: the host thread keeps decoding meanwhile.
 */
export class EmbeddingSession {
  private pending: { resolve(r: EmbedResponse): void; reject(e: Error): void } | null = null;
  private dead: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly source: EmbeddingSource,
    readonly batchSize: number,
  ) {
    worker.on('message', (message: EmbedResponse) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(message);
    });
    const die = (error: Error): void => {
      this.dead ??= error;
      const p = this.pending;
      this.pending = null;
      p?.reject(this.dead);
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`the embedding worker stopped (exit code ${code})`)));
  }

  static async open(projectDir: string, model: RegisteredModel): Promise<EmbeddingSession> {
    const original = await registeredModelBytes(projectDir, model);
    const { fixedBatch } = checkGraph(readOnnxModelInfo(original), model.card);
    const { bytes, featureTensor, source } = withFeatureOutput(original, model.card);
    const session = new EmbeddingSession(createWorker(import.meta.url, 'embeddingWorker'), source, fixedBatch ?? 8);
    try {
      const ready = await session.request({
        type: 'init',
        modelBytes: bytes,
        candidates: providerCandidates('auto', process.platform, ort.listSupportedBackends()),
        threads: Math.max(1, availableParallelism() - 1),
        card: model.card,
        featureTensor,
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
    const response = await this.request({ type: 'run', items, labels });
    if (response.type === 'failed') throw new Error(response.message);
    if (response.type !== 'result') throw new Error(`the embedding worker answered ${response.type}`);
    return response.results;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private request(message: EmbedRequest): Promise<EmbedResponse> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error('the embedding worker is busy'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }
}
