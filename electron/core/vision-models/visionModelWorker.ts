import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  pipeline,
  RawImage,
  SiglipTextModel,
  SiglipVisionModel,
  type ImageToTextPipeline,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { parentPort } from 'node:worker_threads';
import { serveRequests, type ExitRequest } from '../workers/serveRequests.js';
import type { CaptionResult, VectorResult, VisionImage, VisionInit, VisionRequest, VisionResponse } from './visionModelProtocol.js';

/**
 * Runs one transformers.js model folder: a CLIP-like image encoder (and its text tower) or an
 * image-to-text captioner. Loading is from the local folder only: remote loading is switched
 * off before anything is loaded, so a missing file is an error, never a download.
 */
const port = parentPort!;

type Encoder = { kind: 'image-encoder'; processor: Processor; vision: PreTrainedModel; tokenizer: PreTrainedTokenizer | null; text: PreTrainedModel | null };
type Captioner = { kind: 'captioner'; pipe: ImageToTextPipeline };
let loaded: Encoder | Captioner | null = null;

function reply(message: VisionResponse, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

const TOWERS = {
  clip: { vision: CLIPVisionModelWithProjection, text: CLIPTextModelWithProjection },
  siglip: { vision: SiglipVisionModel, text: SiglipTextModel },
} as const;

async function load(init: VisionInit, device: string): Promise<Encoder | Captioner> {
  const options = {
    local_files_only: true,
    device,
    dtype: init.dtype,
    session_options: { intraOpNumThreads: init.threads, interOpNumThreads: 1 },
  } as const;
  if (init.kind === 'captioner') {
    return { kind: 'captioner', pipe: (await pipeline('image-to-text', init.name, options as never)) as ImageToTextPipeline };
  }
  const towers = init.modelType ? TOWERS[init.modelType] : null;
  if (!towers) throw new Error(`model_type '${init.modelType}' has no image tower Faultline can load`);
  const [processor, vision] = await Promise.all([AutoProcessor.from_pretrained(init.name, options as never), towers.vision.from_pretrained(init.name, options as never)]);
  if (!init.text) return { kind: 'image-encoder', processor, vision, tokenizer: null, text: null };
  const [tokenizer, text] = await Promise.all([AutoTokenizer.from_pretrained(init.name, options as never), towers.text.from_pretrained(init.name, options as never)]);
  return { kind: 'image-encoder', processor, vision, tokenizer, text };
}

async function initialise(init: VisionInit): Promise<void> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${init.modelsDir}/`;
  env.cacheDir = init.cacheDir;
  const fallbacks: string[] = [];
  for (const device of init.devices) {
    try {
      loaded = await load(init, device);
      reply({ type: 'ready', device, fallbacks });
      return;
    } catch (error) {
      fallbacks.push(`${device}: ${(error as Error).message}`);
    }
  }
  reply({ type: 'failed', message: `could not load models/${init.name}: ${fallbacks.join('; ')}` });
}

/** Unit length, so that a dot product is the cosine similarity CLIP-like models are trained for. */
function normalised(data: Float32Array, offset: number, dims: number): Float32Array {
  const out = data.slice(offset, offset + dims);
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  if (!(norm > 0) || !Number.isFinite(norm)) throw new Error('the embedding is zero or not finite');
  for (let i = 0; i < dims; i++) out[i] = out[i]! / norm;
  return out;
}

/** The pooled projection: CLIP names it image_embeds / text_embeds, SigLIP pooler_output. */
function embeddingsOf(output: Record<string, Tensor>, name: 'image_embeds' | 'text_embeds'): Tensor {
  const tensor = output[name] ?? output.pooler_output;
  if (!tensor || tensor.dims.length !== 2) throw new Error(`the model gave no ${name} (N×D) output`);
  return tensor;
}

function rawImage(item: VisionImage): RawImage {
  return new RawImage(new Uint8ClampedArray(item.rgb.buffer, item.rgb.byteOffset, item.rgb.byteLength), item.width, item.height, 3);
}

/** A batch first; when it fails, each image alone, so one bad image does not sink the rest. */
async function perImageOnFailure<R extends { key: number }>(items: VisionImage[], batch: (items: VisionImage[]) => Promise<R[]>): Promise<Array<R | { key: number; error: string }>> {
  try {
    return await batch(items);
  } catch (error) {
    if (items.length === 1) return [{ key: items[0]!.key, error: (error as Error).message }];
    const results: Array<R | { key: number; error: string }> = [];
    for (const item of items) results.push(...(await perImageOnFailure([item], batch)));
    return results;
  }
}

async function embedImages(encoder: Encoder, items: VisionImage[]): Promise<VectorResult[]> {
  return perImageOnFailure(items, async (batch) => {
    const inputs = await encoder.processor(batch.map(rawImage));
    const embeds = embeddingsOf((await encoder.vision(inputs)) as Record<string, Tensor>, 'image_embeds');
    const dims = Number(embeds.dims[1]);
    const data = embeds.data as Float32Array;
    return batch.map((item, i) => ({ key: item.key, vector: normalised(data, i * dims, dims) }));
  });
}

async function embedTexts(encoder: Encoder, texts: string[]): Promise<VectorResult[]> {
  if (!encoder.tokenizer || !encoder.text) throw new Error('this image encoder has no text tower');
  const inputs = encoder.tokenizer(texts, { padding: true, truncation: true });
  const embeds = embeddingsOf((await encoder.text(inputs)) as Record<string, Tensor>, 'text_embeds');
  const dims = Number(embeds.dims[1]);
  const data = embeds.data as Float32Array;
  return texts.map((_, i) => ({ key: i, vector: normalised(data, i * dims, dims) }));
}

async function caption(captioner: Captioner, items: VisionImage[], maxNewTokens: number): Promise<CaptionResult[]> {
  return perImageOnFailure(items, async (batch) => {
    type Generated = { generated_text?: unknown };
    const output = (await captioner.pipe(batch.map(rawImage), { max_new_tokens: maxNewTokens })) as unknown as Array<Generated | Generated[]>;
    // An array input gives one list per image; some versions unwrap a single image's list.
    const perImage = Array.isArray(output[0]) || batch.length > 1 ? output : [output as Generated[]];
    return batch.map((item, i) => {
      const entry = perImage[i];
      const text = Array.isArray(entry) ? entry[0]?.generated_text : entry?.generated_text;
      if (typeof text !== 'string') throw new Error('the captioner gave no text');
      return { key: item.key, text: text.trim() };
    });
  });
}

async function handle(request: Exclude<VisionRequest, ExitRequest>): Promise<void> {
  if (request.type === 'init') return initialise(request);
  if (!loaded) return reply({ type: 'failed', message: 'the model is not loaded' });
  if (request.type === 'caption') {
    if (loaded.kind !== 'captioner') return reply({ type: 'failed', message: 'this model is not a captioner' });
    return reply({ type: 'captions', results: await caption(loaded, request.items, request.maxNewTokens) });
  }
  if (loaded.kind !== 'image-encoder') return reply({ type: 'failed', message: 'this model is not an image encoder' });
  const results = request.type === 'embedImages' ? await embedImages(loaded, request.items) : await embedTexts(loaded, request.texts);
  const transfer = results.flatMap((r) => ('vector' in r ? [r.vector.buffer as ArrayBuffer] : []));
  reply({ type: 'vectors', results }, transfer);
}

serveRequests<VisionRequest>({
  handle,
  failed: (message) => reply({ type: 'failed', message }),
  async release() {
    if (loaded?.kind === 'captioner') await loaded.pipe.dispose();
    else if (loaded) await Promise.all([loaded.vision.dispose(), loaded.text?.dispose()]);
  },
});
