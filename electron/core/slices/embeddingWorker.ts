import * as ort from 'onnxruntime-node';
import { parentPort } from 'node:worker_threads';
import { writeInputTensor } from '../inference/inputTensor.js';
import { openSession } from '../inference/openSession.js';
import { allFinite, scoreStatistics } from '../inference/probabilities.js';
import { featureMapProblem, poolFeatureMap, type FeatureMap } from '../inference/poolFeatureMap.js';
import { contentRegion, outputMapping } from '../inference/resizePlan.js';
import { upsampleArgmax } from '../inference/upsampleArgmax.js';
import { serveRequests } from '../workers/serveRequests.js';
import type { EmbedInit, EmbedItem, EmbedRequest, EmbedResponse, EmbedResult, EmbedRun } from './embeddingProtocol.js';
import { scoreKind } from '../../../shared/models/outputScores.js';

/**
 * Holds one session of the target model with its feature tensor as an extra output and turns a
 * batch of scaled images into embeddings: the feature map averaged over the pixels that show the
 * image (letterbox padding left out). The host thread decodes and writes; this one computes.
 */
const port = parentPort!;
let state: { session: ort.InferenceSession; init: EmbedInit } | null = null;

function reply(message: EmbedResponse, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function embedOne(item: EmbedItem, index: number, scores: ort.Tensor, features: FeatureMap | null, setup: EmbedInit, labels: boolean): EmbedResult {
  const [, k, h, w] = scores.dims.map(Number) as [number, number, number, number];
  const scoreData = scores.data as Float32Array;
  const offset = index * k * h * w;
  if (!allFinite(scoreData.subarray(offset, offset + k * h * w))) return { key: item.key, error: 'the model produced NaN or infinite scores for this image' };
  const { plan } = item;
  const needProbs = labels || features === null;
  const probs = needProbs ? scoreStatistics({ scores: scoreData, offset, classes: k, w, h, kind: scoreKind(setup.card.output.kind) }, contentRegion(plan, w, h)).probs : null;
  const vector =
    features && setup.feature ? poolFeatureMap(features, setup.feature.layout, index, plan) : poolFeatureMap({ type: 'float32', data: probs!, dims: [1, k, h, w] }, 'NCHW', 0, plan);
  if (!allFinite(vector)) return { key: item.key, error: 'the pooled features are not finite' };
  return { key: item.key, vector, labels: labels ? upsampleArgmax(probs!, { classes: k, outW: w, outH: h, mapping: outputMapping(plan, w, h), srcW: plan.srcW, srcH: plan.srcH, lut: setup.lut }) : null };
}

async function run(request: EmbedRun): Promise<void> {
  if (!state) {
    reply({ type: 'failed', message: 'the embedding worker has no session' });
    return;
  }
  const { session, init: setup } = state;
  const { card } = setup;
  const { width, height, layout } = card.input;
  const batch = setup.tensorBatch ?? request.items.length;
  const data = new Float32Array(batch * 3 * width * height);
  request.items.forEach((item, i) => writeInputTensor(item.rgb, item.plan, card.input, data, i));
  const dims = layout === 'NCHW' ? [batch, 3, height, width] : [batch, height, width, 3];
  const featureName = setup.feature?.tensorName ?? null;
  const outputs = featureName ? [card.output.tensorName, featureName] : [card.output.tensorName];
  let result: ort.InferenceSession.OnnxValueMapType;
  try {
    result = await session.run({ [card.input.tensorName]: new ort.Tensor('float32', data, dims) }, outputs);
  } catch (error) {
    const message = `onnxruntime failed on this batch: ${(error as Error).message}`;
    reply({ type: 'result', results: request.items.map((item) => ({ key: item.key, error: message })) });
    return;
  }
  const scores = result[card.output.tensorName] as ort.Tensor | undefined;
  const raw = featureName ? result[featureName] : undefined;
  const features: FeatureMap | null = raw ? { type: raw.type, data: raw.data as ArrayLike<number>, dims: raw.dims.map(Number) } : null;
  const featureProblem = setup.feature ? (features ? featureMapProblem(features, setup.feature.layout, request.items.length) : 'is missing from the outputs') : null;
  const shapeProblem =
    !scores || scores.dims.length !== 4 || Number(scores.dims[1]) !== card.classes.length
      ? `output '${card.output.tensorName}' is not N×${card.classes.length}×H×W`
      : featureProblem
        ? `feature tensor '${featureName}' ${featureProblem}`
        : null;
  if (shapeProblem) {
    reply({ type: 'result', results: request.items.map((item) => ({ key: item.key, error: shapeProblem })) });
    return;
  }
  const results = request.items.map((item, i) => {
    try {
      return embedOne(item, i, scores!, features, setup, request.labels);
    } catch (error) {
      return { key: item.key, error: `pooling failed: ${(error as Error).message}` };
    }
  });
  const transfer: ArrayBuffer[] = [];
  for (const r of results) {
    if ('error' in r) continue;
    transfer.push(r.vector.buffer as ArrayBuffer);
    if (r.labels) transfer.push(r.labels.buffer as ArrayBuffer);
  }
  reply({ type: 'result', results }, transfer);
}

async function init(request: EmbedInit): Promise<void> {
  try {
    const opened = await openSession(request);
    state = { session: opened.session, init: request };
    reply({ type: 'ready', provider: opened.provider, fallbacks: opened.fallbacks });
  } catch (error) {
    reply({ type: 'failed', message: (error as Error).message });
  }
}

serveRequests<EmbedRequest>({
  handle: (request) => (request.type === 'init' ? init(request) : run(request)),
  failed: (message) => reply({ type: 'failed', message }),
  release: () => state?.session.release(),
});
