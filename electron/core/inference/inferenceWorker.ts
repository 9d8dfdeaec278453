import * as ort from 'onnxruntime-node';
import { parentPort } from 'node:worker_threads';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import { inputChannels, inputDims, inputTensorData, writeInputTensor } from './inputTensor.js';
import { openRunner, type SessionRunner } from './sessionRunner.js';
import { RemoteError } from '../remote/v2Client.js';
import type { PredictionSource } from '../remote/remoteTarget.js';
import { scoreKind, toScores, type ScoreOutput } from '../../../shared/models/outputScores.js';
import { PredictionPostProcessor } from './postProcess.js';
import { featureMapProblem, poolFeatureMap, type FeatureMap } from './poolFeatureMap.js';
import { allFinite, softmaxStatistics } from './probabilities.js';
import { contentRegion, planResize } from './resizePlan.js';
import { syntheticImage } from './syntheticImage.js';
import type { ImageResult } from '../store/predictions.js';
import { decodeBatch, type DecodedItem } from './decodeBatch.js';
import { serveRequests } from '../workers/serveRequests.js';
import type { DryRunReport } from '../models/importModel.js';
import type {
  InitRequest,
  PreviewRequest,
  PreviewResponse,
  ProbeRequest,
  RunRequest,
  RunResult,
  ScoreMapResult,
  ScoresRequest,
  WorkerRequest,
  WorkerResponse,
} from './workerProtocol.js';

/**
 * Holds one onnxruntime session and does everything per batch that costs CPU: decoding the
 * files at the model's size, building the input tensor, session.run, softmax, upsampling to the
 * stored size, statistics and compression. The host thread only reads and writes the project.
 */
const port = parentPort!;
let state: { session: SessionRunner; init: InitRequest; post: PredictionPostProcessor } | null = null;
/** The input tensor of the last batch, refilled for the next: batches run one at a time and session.run does not keep it. */
let inputBuffer = new Float32Array(0);
const NON_FINITE = 'the model produced NaN or infinite scores for this image';

function reply(message: WorkerResponse, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** What one run fetches: the card's output and, when the card names one, its embedding tensor. */
interface RawRun {
  output: ort.Tensor;
  embedding: ort.Tensor | null;
  source: PredictionSource | null;
}

/** Runs the model on a float32 tensor of preprocessed values and returns its output (and embedding tensor) as the card names them. */
async function runTensor(session: SessionRunner, card: ModelCard, data: Float32Array, batch: number, endpoint = 0): Promise<RawRun> {
  const { type, data: values } = inputTensorData(data, card.input.dataType);
  const input = { name: card.input.tensorName, type, data: values, dims: inputDims(card.input, batch) };
  const fetches = card.embedding ? [card.output.tensorName, card.embedding.tensorName] : [card.output.tensorName];
  const { outputs, source } = await session.run(input, fetches, endpoint);
  const output = outputs.get(card.output.tensorName);
  if (!output) throw new Error(`the model gave no output named '${card.output.tensorName}'`);
  const embedding = card.embedding ? outputs.get(card.embedding.tensorName) : null;
  if (embedding === undefined) throw new Error(`the model gave no tensor named '${card.embedding!.tensorName}' (embedding.tensorName)`);
  return { output, embedding, source };
}

function scoresOf(output: ort.Tensor, card: ModelCard): ScoreOutput {
  return toScores({ type: output.type, data: output.data as ArrayLike<number | bigint>, dims: output.dims.map(Number) }, card.output, card.classes.length);
}

type OutputReport = Omit<DryRunReport, 'provider' | 'fallbacks'>;

/** Runs a filled input tensor and reports what came out as the import checks it; the scores too, when they could be read. */
async function runAndReport(session: SessionRunner, card: ModelCard, data: Float32Array, batch: number): Promise<{ report: OutputReport; output: ScoreOutput | null; runMs: number }> {
  const started = performance.now();
  const { output: raw, embedding } = await runTensor(session, card, data, batch);
  const runMs = performance.now() - started;
  let output: ScoreOutput | null = null;
  let outputProblem: string | null = null;
  try {
    output = scoresOf(raw, card);
  } catch (error) {
    outputProblem = (error as Error).message;
  }
  const report: OutputReport = {
    outputDims: raw.dims.map(Number),
    outputType: raw.type,
    outputProblem,
    finite: output !== null && allFinite(output.data),
    sumRange: [Number.NaN, Number.NaN],
    valueRange: [Number.NaN, Number.NaN],
    embedding: embedding && { dims: embedding.dims.map(Number), type: embedding.type },
  };
  if (output !== null && report.finite) {
    const [n, k, h, w] = output.dims;
    const pixels = h * w;
    let lo = Infinity;
    let hi = -Infinity;
    let vlo = Infinity;
    let vhi = -Infinity;
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < pixels; p++) {
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const v = output.data[(i * k + c) * pixels + p]!;
          sum += v;
          if (v < vlo) vlo = v;
          if (v > vhi) vhi = v;
        }
        if (sum < lo) lo = sum;
        if (sum > hi) hi = sum;
      }
    }
    report.sumRange = [lo, hi];
    report.valueRange = [vlo, vhi];
  }
  return { report, output: report.finite ? output : null, runMs };
}

/** Opens a session for a one-off request (probe, preview), answers a failure to load, and always releases it. */
async function withOneSession(request: ProbeRequest | PreviewRequest, work: (opened: SessionRunner) => Promise<void>): Promise<void> {
  let opened;
  try {
    opened = await openRunner(request);
  } catch (error) {
    reply({ type: 'failed', stage: 'load', message: (error as Error).message });
    return;
  }
  try {
    await work(opened);
  } catch (error) {
    reply({ type: 'failed', stage: 'run', message: (error as Error).message });
  } finally {
    await opened.release();
  }
}

function probe(request: ProbeRequest): Promise<void> {
  return withOneSession(request, async (opened) => {
    const { card, batch } = request;
    const { width, height } = card.input;
    const plan = planResize(width, height, width, height, 'stretch');
    const data = new Float32Array(batch * inputChannels(card.input) * width * height);
    const rgb = syntheticImage(width, height);
    for (let i = 0; i < batch; i++) writeInputTensor(rgb, plan, card.input, data, i);
    const { report } = await runAndReport(opened, card, data, batch);
    reply({ type: 'probed', provider: opened.provider, fallbacks: opened.fallbacks, ...report });
  });
}

/** One real image through the model and the same post-processing as inference, in the card's own class ids. */
function preview(request: PreviewRequest): Promise<void> {
  return withOneSession(request, async (opened) => {
    const { card, batch, item } = request;
    const data = new Float32Array(batch * inputChannels(card.input) * card.input.width * card.input.height);
    writeInputTensor(item.rgb, item.plan, card.input, data, 0);
    const { report, output, runMs } = await runAndReport(opened, card, data, batch);
    let prediction: PreviewResponse['prediction'] = null;
    if (output !== null) {
      const [, k, h, w] = output.dims;
      const identity = Uint8Array.from({ length: k }, (_, id) => id);
      const post = new PredictionPostProcessor({ kind: output.kind, lut: identity, projectClassSlots: k, storeProbs: false });
      const stored = post.image(output.data, 0, k, w, h, item.plan);
      prediction = stored === null ? null : { labelMap: stored.labelMap, classFractions: stored.classFractions };
    }
    reply({ type: 'previewed', provider: opened.provider, fallbacks: opened.fallbacks, ...report, prediction, runMs });
  });
}

async function init(request: InitRequest): Promise<void> {
  try {
    const opened = await openRunner(request);
    const post = new PredictionPostProcessor({ kind: scoreKind(request.card.output.kind), lut: request.lut, projectClassSlots: request.projectClassSlots, storeProbs: request.storeProbs });
    state = { session: opened, init: request, post };
    reply({ type: 'ready', provider: opened.provider, fallbacks: opened.fallbacks });
  } catch (error) {
    reply({ type: 'failed', stage: 'load', message: (error as Error).message });
  }
}

/**
 * One image's stored result. Its embedding, when the card names one, is pooled here so only C
 * floats leave the worker; a non-finite one is left out (the prediction stands, and slices run
 * the model for that image).
 */
function postProcess(item: DecodedItem, index: number, batch: Extract<BatchOutput, { output: ScoreOutput }>, setup: InitRequest, post: PredictionPostProcessor): ImageResult {
  const { output, embedding } = batch;
  const [, k, h, w] = output.dims;
  const stored = post.image(output.data, index * k * h * w, k, w, h, item.plan);
  if (stored === null) return { imageId: item.imageId, error: NON_FINITE };
  const vector = embedding && setup.card.embedding ? poolFeatureMap(embedding, setup.card.embedding.layout, index, item.plan) : null;
  return { imageId: item.imageId, ...stored, embedding: vector && allFinite(vector) ? vector : null };
}

type BatchOutput = { output: ScoreOutput; embedding: FeatureMap | null; runMs: number; source: PredictionSource | null } | { error: string; runMs: number };

/**
 * Builds the input tensor of a batch and runs it; a failed run or an output of the wrong shape is an error for every image of the batch.
 * A remote replica that cannot answer is not the images' fault: its RemoteError is thrown for the host to send the batch elsewhere.
 */
async function runBatch(items: readonly DecodedItem[], setup: InitRequest, session: SessionRunner, endpoint = 0): Promise<BatchOutput> {
  const { card } = setup;
  const batch = setup.tensorBatch ?? items.length;
  const slot = inputChannels(card.input) * card.input.width * card.input.height;
  if (inputBuffer.length !== batch * slot) inputBuffer = new Float32Array(batch * slot);
  const data = inputBuffer;
  items.forEach((item, i) => writeInputTensor(item.rgb, item.plan, card.input, data, i));
  // Slots a short batch leaves empty get zeros, as in a fresh tensor, not the previous batch's images.
  data.fill(0, items.length * slot);
  const started = performance.now();
  let raw: RawRun;
  try {
    raw = await runTensor(session, card, data, batch, endpoint);
  } catch (error) {
    if (error instanceof RemoteError) throw error;
    return { error: `onnxruntime failed on this batch: ${(error as Error).message}`, runMs: performance.now() - started };
  }
  const runMs = performance.now() - started;
  let output;
  try {
    output = scoresOf(raw.output, card);
  } catch (error) {
    return { error: (error as Error).message, runMs };
  }
  if (output.dims[0] < items.length) return { error: `output '${card.output.tensorName}' has a batch of ${output.dims[0]} for ${items.length} images`, runMs };
  const embedding = raw.embedding && { type: raw.embedding.type, data: raw.embedding.data as ArrayLike<number>, dims: raw.embedding.dims.map(Number) };
  const embeddingProblem = embedding && card.embedding ? featureMapProblem(embedding, card.embedding.layout, items.length) : null;
  if (embeddingProblem) return { error: `embedding '${card.embedding!.tensorName}' ${embeddingProblem}`, runMs };
  return { output, embedding, runMs, source: raw.source };
}

async function run(request: RunRequest): Promise<void> {
  if (!state) {
    reply({ type: 'failed', stage: 'run', id: request.id, message: 'the worker has no session' });
    return;
  }
  const { session, init: setup, post } = state;
  const begun = performance.now();
  const { decoded, outcomes, decodeMs } = await decodeBatch(request.images, setup.card.input);
  const results: RunResult[] = [...outcomes];
  let runMs = 0;
  let source: PredictionSource | null = null;
  if (decoded.length > 0) {
    let outcome: BatchOutput;
    try {
      outcome = await runBatch(decoded, setup, session, request.endpoint);
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      reply({ type: 'unavailable', id: request.id, message: error.message });
      return;
    }
    runMs = outcome.runMs;
    if (!('error' in outcome)) source = outcome.source;
    if ('error' in outcome) {
      for (const item of decoded) results.push({ imageId: item.imageId, error: outcome.error });
    } else {
      decoded.forEach((item, i) => {
        try {
          results.push({ ...postProcess(item, i, outcome, setup, post), imageSize: { width: item.plan.srcW, height: item.plan.srcH } });
        } catch (error) {
          results.push({ imageId: item.imageId, error: `post-processing failed: ${(error as Error).message}` });
        }
      });
    }
  }
  const transfer: ArrayBuffer[] = [];
  for (const r of results) {
    if (!('labelMap' in r)) continue;
    transfer.push(r.labelMap.buffer as ArrayBuffer, r.classFractions.buffer as ArrayBuffer);
    if (r.probs) transfer.push(r.probs.buffer as ArrayBuffer);
    if (r.embedding) transfer.push(r.embedding.buffer as ArrayBuffer);
  }
  reply({ type: 'result', id: request.id, results, runMs, decodeMs, workMs: performance.now() - begun, source }, transfer);
}

/** Label-quality scoring: each image's class probabilities at the score map's resolution, in float32. */
async function scores(request: ScoresRequest): Promise<void> {
  if (!state) {
    reply({ type: 'failed', stage: 'run', id: request.id, message: 'the worker has no session' });
    return;
  }
  const { session, init: setup } = state;
  const { decoded, outcomes } = await decodeBatch(request.images, setup.card.input);
  const results: ScoreMapResult[] = [...outcomes];
  const outcome = decoded.length > 0 ? await runBatch(decoded, setup, session) : null;
  if (outcome && 'error' in outcome) {
    for (const item of decoded) results.push({ imageId: item.imageId, error: outcome.error });
  } else if (outcome) {
    const { data, dims, kind } = outcome.output;
    const [, k, h, w] = dims;
    decoded.forEach((item, i) => {
      const probs = new Float32Array(k * h * w);
      const stats = softmaxStatistics({ scores: data, offset: i * k * h * w, classes: k, w, h, kind }, contentRegion(item.plan, w, h), { probs, argmax: null });
      results.push(stats.finite ? { imageId: item.imageId, classes: k, h, w, probs, plan: item.plan } : { imageId: item.imageId, error: NON_FINITE });
    });
  }
  const transfer = results.flatMap((r) => ('probs' in r ? [r.probs.buffer as ArrayBuffer] : []));
  reply({ type: 'scores', id: request.id, results }, transfer);
}

serveRequests<WorkerRequest>({
  handle: (request) =>
    request.type === 'probe' ? probe(request) : request.type === 'preview' ? preview(request) : request.type === 'init' ? init(request) : request.type === 'scores' ? scores(request) : run(request),
  failed: (message) => reply({ type: 'failed', stage: 'run', message }),
  release: () => state?.session.release(),
});
