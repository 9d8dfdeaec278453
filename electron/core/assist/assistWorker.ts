import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { dirname } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { assistFrame, maskFromLowRes, maskInputFromRegion, type AssistFrame } from '../../../shared/assist/assistFrame.js';
import { cropFromMask, previewScale, scaledCrop, type MaskCrop } from '../../../shared/assist/maskCrop.js';
import type { Rect } from '../../../shared/geometry/rect.js';
import { openSession } from '../inference/openSession.js';
import { onlyGraphOutputs } from '../models/graphOutputs.js';
import { hostPort } from '../workers/hostPort.js';
import { serveRequests } from '../workers/serveRequests.js';
import { ASSIST_ADAPTERS, NonFiniteOutput, signatureOf, type AssistAdapter, type Embedding, type Signature } from './assistAdapters.js';
import type { AssistPrompt } from '../../../shared/assist/assistPrompt.js';
import type { AssistInit, AssistRequest, AssistResponse, DecodeRequest, EncodeRequest } from './assistProtocol.js';

/**
 * Holds one graph of an assist model: the encoder (one image at a time, seconds each; in a process
 * of its own, so Cancel can kill it mid-image) or the decoder (one click at a time, with the
 * current image's embedding and last logits; a worker thread, the shortest way to the host).
 */
const port = hostPort();
/** Rounds of warmMaskPath: enough for V8 to optimise its loops. */
const MASK_WARM_ROUNDS = 3;
/** The encoder's nice value: below everything interactive, above idle work. */
const ENCODER_NICE = 10;
let state: { init: AssistInit; session: ort.InferenceSession; signature: Signature; adapter: AssistAdapter } | null = null;
/** The image the decoder works on; `mask` is its full-size mask, reused by every click (megabytes, not allocated per click). */
let image: { key: string; embedding: Embedding; frame: AssistFrame; lowRes: Float32Array | null; mask: Uint8Array; rect: Rect | null } | null = null;

function decoderImage(key: string, embedding: Embedding, frame: AssistFrame): NonNullable<typeof image> {
  return { key, embedding, frame, lowRes: null, mask: new Uint8Array(frame.width * frame.height), rect: null };
}

function reply(message: AssistResponse, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/**
 * Lowers the encoder's priority before its session makes its threads, which inherit it (on Linux
 * a nice value is a thread's; elsewhere this process's, which is the encoder's alone): a prefetch
 * then only takes the CPU a click, the UI and the server leave.
 */
function yieldToClicks(): void {
  try {
    setPriority(0, ENCODER_NICE);
  } catch {
    // A priority the system refuses to change only costs the clicks some speed during a prefetch.
  }
}

async function init(request: AssistInit): Promise<void> {
  const adapter = ASSIST_ADAPTERS[request.format];
  const bytes = new Uint8Array(await readFile(request.modelPath));
  if (request.role === 'encoder') yieldToClicks();
  const reads = request.role === 'decoder' ? adapter.decoderReads : null;
  const opened = await openSession({
    modelBytes: reads ? onlyGraphOutputs(bytes, reads) : bytes,
    externalDataDir: dirname(request.modelPath),
    candidates: request.candidates,
    threads: request.threads,
    idleThreadsSleep: true,
  });
  const signature = signatureOf(opened.session);
  state = { init: request, session: opened.session, signature, adapter };
  reply({ type: 'ready', signature, provider: opened.provider, problems: [] });
}

async function encode(request: EncodeRequest): Promise<void> {
  const { session, signature, adapter } = state!;
  const started = performance.now();
  // Loaded here only: the decoder's thread never decodes an image.
  const { decodeBytesForModel } = await import('../inference/decodeImage.js');
  const { frame } = request;
  const decoded = await decodeBytesForModel(Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength), {
    width: frame.scaledW,
    height: frame.scaledH,
    resize: 'stretch',
    kernel: 'bilinear',
  });
  const outputs = await session.run(adapter.encoderFeeds(signature, decoded.rgb, frame));
  const embedding: Embedding = {};
  for (const [out, into] of request.pairs) {
    const tensor = outputs[out] as ort.Tensor | undefined;
    if (!tensor || tensor.type !== 'float32') throw new Error(`the encoder gave no float output '${out}'`);
    const data = tensor.data as Float32Array;
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new NonFiniteOutput(`the encoder produced NaN or infinite values in '${out}'`);
    embedding[into] = { dims: tensor.dims.map(Number), data };
  }
  const ms = performance.now() - started;
  const source = { width: decoded.plan.srcW, height: decoded.plan.srcH };
  reply({ type: 'encoded', embedding, ms, source }, Object.values(embedding).map((e) => e.data.buffer as ArrayBuffer));
}

type Decoded = Extract<AssistResponse, { type: 'decoded' }>;

async function decode(request: DecodeRequest): Promise<Decoded> {
  const { session, signature, adapter } = state!;
  if (!image || image.key !== request.key) throw new Error('the decoder holds no embedding of this image; encode it first');
  const started = performance.now();
  const side = adapter.maskInputSide(signature);
  let maskInput: Float32Array | null = null;
  if (side !== null && request.seed === 'previous') maskInput = image.lowRes;
  else if (side !== null && typeof request.seed === 'object') maskInput = maskInputFromRegion(request.seed.region, image.frame, side, side);
  const feeds = adapter.decoderFeeds(signature, image.embedding, request.prompt, image.frame, maskInput);
  const outputs = await session.run(feeds);
  const ran = performance.now();
  const { width } = image.frame;
  const full = image.mask;
  const reading = adapter.readMask(outputs, image.frame, full, feeds);
  image.lowRes = reading.lowRes;
  const rect = reading.rect;
  const packing = performance.now();
  image.rect = rect;
  const mask = rect ? previewCrop(full, width, rect) : null;
  const done = performance.now();
  return { type: 'decoded', mask, score: reading.score, ms: done - started, runMs: ran - started, packMs: done - packing };
}

/** The click's preview, scaled down above full HD (previewScale); Enter fetches the whole mask (fullMask). */
function previewCrop(full: Uint8Array, width: number, rect: Rect): MaskCrop {
  const scale = previewScale(rect.width, rect.height);
  return scale === 1 ? wholeCrop(full, width, rect) : scaledCrop(full, width, rect, scale);
}

/** The mask inside `rect` of a `width`-wide image mask, every pixel, packed for the wire. */
function wholeCrop(full: Uint8Array, width: number, rect: Rect): MaskCrop {
  const bits = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) bits.set(full.subarray((rect.y + y) * width + rect.x, (rect.y + y) * width + rect.x + rect.width), y * rect.width);
  return cropFromMask({ rect, bits });
}

/**
 * Makes and packs the full-HD mask of a fragmented object a few times, as clicks do: the first
 * real clicks then run optimised code, where they ran the interpreter's (their mask and packing
 * took 40 ms cold, 12 warm). A dry run's own masks are too small to get these loops optimised.
 */
function warmMaskPath(): void {
  const frame = assistFrame(1920, 1080, 'longest-side', 1024);
  const logits = Float32Array.from({ length: 256 * 256 }, (_, i) => Math.sin(i * 0.7) + Math.cos(i * 0.013));
  const full = new Uint8Array(frame.width * frame.height);
  for (let k = 0; k < MASK_WARM_ROUNDS; k++) {
    const rect = maskFromLowRes(logits, 256, 256, frame, full);
    if (rect) {
      wholeCrop(full, frame.width, rect);
      scaledCrop(full, frame.width, rect, 2);
    }
  }
}

/** Zero embedding of the decoder's declared shapes (symbolic batch sizes as 1) and `clicks` decodes of one object on a 64 × 48 image, each with one more point; then warms the full-size mask path. */
async function probe(pairs: Array<[string, string]>, clicks: number): Promise<Decoded> {
  const { signature } = state!;
  const embedding: Embedding = {};
  for (const [, into] of pairs) {
    const declared = signature.inputs.find((t) => t.name === into)!.shape;
    if (declared.some((d, i) => typeof d !== 'number' && i > 0)) throw new Error(`the decoder's '${into}' has no fixed size (${declared.join(', ')}); export it with a fixed embedding size`);
    const dims = declared.map((d) => (typeof d === 'number' ? d : 1));
    embedding[into] = { dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) };
  }
  image = decoderImage('probe', embedding, assistFrame(64, 48, 'longest-side', 1024));
  const points: AssistPrompt['points'] = [];
  let last: Decoded | null = null;
  for (let k = 0; k < Math.max(1, clicks); k++) {
    points.push({ x: (7 + 11 * k) % 64, y: (5 + 7 * k) % 48, positive: k % 3 !== 2 });
    last = await decode({ type: 'decode', key: 'probe', prompt: { points: [...points], box: null }, seed: k === 0 ? 'none' : 'previous' });
  }
  image = null;
  warmMaskPath();
  return last!;
}

serveRequests<AssistRequest>({
  async handle(request) {
    switch (request.type) {
      case 'init':
        return init(request);
      case 'encode':
        return encode(request);
      case 'setImage':
        image = decoderImage(request.key, request.embedding, request.frame);
        return reply({ type: 'ok' });
      case 'decode':
        return reply(await decode(request));
      case 'probe':
        return reply(await probe(request.pairs, request.clicks));
      case 'fullMask': {
        if (!image || image.key !== request.key) throw new Error('the decoder holds no mask of this image; click again');
        const { rect } = image;
        return reply({ type: 'fullMask', mask: rect ? wholeCrop(image.mask, image.frame.width, rect) : null });
      }
    }
  },
  failed: (message) => reply({ type: 'failed', message }),
  release: () => state?.session.release(),
});
