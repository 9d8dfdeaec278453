import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { dirname } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { assistFrame, lowResBounds, maskFromLowRes, maskInputFromRegion, wholeInput, type AssistFrame, type LowResMask } from '../../../shared/assist/assistFrame.js';
import { previewScale, sampledCrop } from '../../../shared/assist/maskCrop.js';
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
/**
 * The image the decoder works on. `reading` is the last click's mask as logits; `whole` its
 * full-size mask (made only when asked: a preview above full HD needs only its samples), in
 * `pixels`, reused by every click (megabytes, not allocated per click), as `samples` is by each
 * preview of one scale.
 */
interface DecoderImage {
  key: string;
  embedding: Embedding;
  frame: AssistFrame;
  lowRes: Float32Array | null;
  reading: LowResMask | null;
  whole: { rect: Rect | null } | null;
  pixels: Uint8Array | null;
  samples: { scale: number; bits: Uint8Array } | null;
}
let image: DecoderImage | null = null;

function decoderImage(key: string, embedding: Embedding, frame: AssistFrame): DecoderImage {
  return { key, embedding, frame, lowRes: null, reading: null, whole: null, pixels: null, samples: null };
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
  const reading = adapter.readMask(outputs, image.frame, feeds);
  image.lowRes = reading.lowRes;
  image.reading = reading.mask;
  image.whole = null;
  const sampled = previewSamples(image, reading.mask);
  const packing = performance.now();
  const mask = sampled && sampledCrop(sampled.bits, image.frame, sampled.box, sampled.scale);
  const done = performance.now();
  return { type: 'decoded', mask, score: reading.score, ms: done - started, runMs: ran - started, packMs: done - packing };
}

/**
 * The click's preview as samples of the image: every pixel up to full HD (previewScale), one per
 * cell above, made straight from the logits (a 12 MP photo's whole mask took 27–42 ms a click,
 * which only Enter needs: it fetches the whole mask, wholeMask). Null when the mask is empty.
 */
function previewSamples(img: DecoderImage, reading: LowResMask): { bits: Uint8Array; box: Rect; scale: number } | null {
  const bounds = lowResBounds(reading, img.frame);
  if (!bounds) return null;
  const scale = previewScale(bounds.width, bounds.height);
  if (scale === 1) {
    const whole = wholeMask(img, reading);
    return whole.rect && { bits: whole.pixels, box: whole.rect, scale };
  }
  if (img.samples?.scale !== scale) img.samples = { scale, bits: new Uint8Array(Math.ceil(img.frame.width / scale) * Math.ceil(img.frame.height / scale)) };
  const box = maskFromLowRes(reading, img.frame, img.samples.bits, scale);
  return box && { bits: img.samples.bits, box, scale };
}

/** The whole mask of the last click, made once per click. */
function wholeMask(img: DecoderImage, reading: LowResMask): { pixels: Uint8Array; rect: Rect | null } {
  img.pixels ??= new Uint8Array(img.frame.width * img.frame.height);
  img.whole ??= { rect: maskFromLowRes(reading, img.frame, img.pixels) };
  return { pixels: img.pixels, rect: img.whole.rect };
}

/**
 * Makes and packs the full-HD mask of a fragmented object a few times, as clicks do, and a
 * preview of it sampled by cells: the first real clicks then run optimised code, where they ran
 * the interpreter's (their mask and packing took 40 ms cold, 12 warm). A dry run's own masks are
 * too small to get these loops optimised.
 */
function warmMaskPath(): void {
  const frame = assistFrame(1920, 1080, 'longest-side', 1024);
  const reading = wholeInput(
    Float32Array.from({ length: 256 * 256 }, (_, i) => Math.sin(i * 0.7) + Math.cos(i * 0.013)),
    256,
    256,
    frame,
  );
  const full = new Uint8Array(frame.width * frame.height);
  const samples = new Uint8Array(Math.ceil(frame.width / 2) * Math.ceil(frame.height / 2));
  for (let k = 0; k < MASK_WARM_ROUNDS; k++) {
    const rect = maskFromLowRes(reading, frame, full);
    if (rect) sampledCrop(full, frame, rect, 1);
    const box = maskFromLowRes(reading, frame, samples, 2);
    if (box) sampledCrop(samples, frame, box, 2);
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
        const whole = image.reading && wholeMask(image, image.reading);
        return reply({ type: 'fullMask', mask: whole?.rect ? sampledCrop(whole.pixels, image.frame, whole.rect, 1) : null });
      }
    }
  },
  failed: (message) => reply({ type: 'failed', message }),
  release: () => state?.session.release(),
});
