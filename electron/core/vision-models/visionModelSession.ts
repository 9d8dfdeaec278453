import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { platformProviders } from '../inference/providers.js';
import { decodeForModel } from '../inference/decodeImage.js';
import { createWorker } from '../../platform/createWorker.js';
import { WorkerChannel } from '../workers/workerChannel.js';
import { ENCODER_TYPES, type EncoderType, type VisionModelFolder } from './visionModelFolders.js';
import type { CaptionResult, VectorResult, VisionImage, VisionRequest, VisionResponse } from './visionModelProtocol.js';

/** onnxruntime provider → transformers.js device name. */
const DEVICE: Record<string, string> = { cuda: 'cuda', dml: 'dml', coreml: 'coreml', cpu: 'cpu' };

/**
 * Longest side images are decoded to before the model's own processor resizes and crops them:
 * enough for the 224–384 px inputs of CLIP-like models and captioners, small enough to move cheaply.
 */
export const VISION_DECODE_SIDE = 448;

/** Decodes an image file for a vision model: EXIF orientation applied, aspect kept, long side VISION_DECODE_SIDE. */
export async function decodeForVision(path: string, key: number): Promise<VisionImage> {
  const decoded = await decodeForModel(path, { width: VISION_DECODE_SIDE, height: VISION_DECODE_SIDE, resize: 'letterbox' });
  return { key, rgb: decoded.rgb, width: decoded.plan.scaledW, height: decoded.plan.scaledH };
}

/**
 * One worker thread running a transformers.js model folder of the project (see
 * visionModelWorker.ts), one request at a time. The cache transformers.js keeps lives in the
 * user data folder; nothing is ever fetched from the network.
 */
export class VisionModelSession {
  private constructor(
    private readonly channel: WorkerChannel<VisionRequest, VisionResponse>,
    readonly folder: VisionModelFolder,
    readonly device: string,
  ) {}

  static async open(projectDir: string, folder: VisionModelFolder, options: { userDataDir: string; text?: boolean }): Promise<VisionModelSession> {
    const channel = new WorkerChannel<VisionRequest, VisionResponse>(createWorker(import.meta.url, 'visionModelWorker'), 'vision model worker');
    try {
      const devices = platformProviders(process.platform, ort.listSupportedBackends()).map((p) => DEVICE[p] ?? 'cpu');
      const ready = await channel.request({
        type: 'init',
        modelsDir: join(projectDir, 'models'),
        name: folder.name,
        kind: folder.kind,
        modelType: (ENCODER_TYPES as readonly string[]).includes(folder.modelType) ? (folder.modelType as EncoderType) : null,
        text: (options.text ?? false) && folder.text,
        dtype: folder.dtype,
        cacheDir: join(options.userDataDir, 'transformers-cache'),
        devices,
        threads: Math.max(1, availableParallelism() - 1),
      });
      if (ready.type !== 'ready') throw new FaultlineError('unsupported', `models/${folder.name} could not be loaded: ${ready.type === 'failed' ? ready.message : ready.type}`);
      return new VisionModelSession(channel, folder, ready.device);
    } catch (error) {
      await channel.retire();
      throw error;
    }
  }

  private async ask<T extends VisionResponse['type']>(request: VisionRequest, expected: T): Promise<Extract<VisionResponse, { type: T }>> {
    const response = await this.channel.request(request);
    if (response.type === 'failed') throw new Error(response.message);
    if (response.type !== expected) throw new Error(`the vision model worker answered ${response.type}`);
    return response as Extract<VisionResponse, { type: T }>;
  }

  async embedImages(items: VisionImage[]): Promise<VectorResult[]> {
    return (await this.ask({ type: 'embedImages', items }, 'vectors')).results;
  }

  /** Unit vectors of the texts, in order (image encoders opened with their text tower). */
  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const results = (await this.ask({ type: 'embedTexts', texts }, 'vectors')).results;
    return results.map((r) => {
      if ('error' in r) throw new Error(r.error);
      return r.vector;
    });
  }

  async caption(items: VisionImage[], maxNewTokens = 24): Promise<CaptionResult[]> {
    return (await this.ask({ type: 'caption', items, maxNewTokens }, 'captions')).results;
  }

  /** Resolves when the worker has ended, after the request in flight (never ended mid-run: see WorkerChannel.retire). */
  close(): Promise<void> {
    return this.channel.retire();
  }
}
