import * as ort from 'onnxruntime-node';
import { parentPort } from 'node:worker_threads';
import { createRandom, deriveSeed } from '../../../models/random.js';
import { writeInputTensor } from '../inference/inputTensor.js';
import { openSession } from '../inference/openSession.js';
import { outputMapping } from '../inference/resizePlan.js';
import { labelsAtFeatureResolution } from './featureLabels.js';
import { fitWithGrid } from './learningRateGrid.js';
import type { FinetuneAdd, FinetuneFit, FinetuneInit, FinetuneRequest, FinetuneResponse, PixelSource } from './finetuneProtocol.js';
import { PixelReservoir } from './pixelReservoir.js';
import { serveRequests } from '../workers/serveRequests.js';

/**
 * Everything of a fine-tune that costs CPU, off the host's event loop: the model runs on each
 * image with its feature tensor as an extra output, the labels are brought to the feature
 * resolution, the pixels go into bounded reservoirs, and the layers are fitted at the end, once
 * per learning rate of the grid, each early-stopped on the validation pool.
 */
const port = parentPort!;
let state: { session: ort.InferenceSession; init: FinetuneInit; reservoirs: Record<PixelSource, PixelReservoir> } | null = null;

function reply(message: FinetuneResponse): void {
  port.postMessage(message);
}

async function init(request: FinetuneInit): Promise<void> {
  const opened = await openSession(request);
  const classes = request.card.classes.length;
  const channels = request.features.channels;
  // One stream per source, so the counterexamples' sample does not depend on how many old images came first.
  const reservoir = (source: number) => new PixelReservoir(classes, channels, request.capacity, createRandom(deriveSeed(request.seed, source)));
  state = { session: opened.session, init: request, reservoirs: { old: reservoir(1), new: reservoir(2), validation: reservoir(3) } };
  reply({ type: 'ready', provider: opened.provider });
}

async function add(request: FinetuneAdd): Promise<void> {
  if (!state) throw new Error('the fine-tune worker has no session');
  const { session, init: setup } = state;
  const { card, features: wanted } = setup;
  const { width, height, layout, tensorName } = card.input;
  const data = new Float32Array(setup.tensorBatch * 3 * width * height);
  writeInputTensor(request.rgb, request.plan, card.input, data, 0);
  const dims = layout === 'NCHW' ? [setup.tensorBatch, 3, height, width] : [setup.tensorBatch, height, width, 3];
  const input = new ort.Tensor('float32', data, dims);
  // A tail that starts at the graph input reads the normalised input itself.
  const features = wanted.tensor === tensorName ? input : (await session.run({ [tensorName]: input }, [wanted.tensor]))[wanted.tensor];
  if (!features || features.type !== 'float32') throw new Error(`the model gave no float32 feature tensor '${wanted.tensor}'`);
  const shape = features.dims.map(Number);
  if (shape.length !== 4 || shape[1] !== wanted.channels) {
    throw new Error(`the feature tensor '${wanted.tensor}' has shape ${shape.join('×')}; the card says N×${wanted.channels}×H×W (NCHW)`);
  }
  const [, channels, featH, featW] = shape as [number, number, number, number];
  const cells = featW * featH;
  const { plan } = request;
  const labels = labelsAtFeatureResolution(request.mask, plan.srcW, plan.srcH, outputMapping(plan, featW, featH), featW, featH, setup.lut, card.classes.length);
  const own = (features.data as Float32Array).subarray(0, channels * cells);
  const pixels = state.reservoirs[request.source].addMap(own, labels);
  reply({ type: 'added', pixels, featureWidth: featW, featureHeight: featH });
}

function fit(request: FinetuneFit): void {
  if (!state) throw new Error('the fine-tune worker has no session');
  const oldPool = state.reservoirs.old.pool();
  const newPool = state.reservoirs.new.pool();
  const validation = state.reservoirs.validation.pool();
  if (validation.count === 0) throw new Error('no validation pixels: neither T0 nor held-out S0 images gave a labelled pixel');
  const fitted = fitWithGrid(oldPool, newPool, request.layers, request.options, request.grid, { pool: validation, ...request.check }, {
    onProgress: (_rate, step, done, loss) => reply({ type: 'progress', step, done, loss }),
  });
  reply({ type: 'fitted', pools: { old: oldPool.count, new: newPool.count, validation: validation.count }, learningRate: fitted.learningRate, grid: fitted.grid, ...fitted.result });
}

// An exit request that comes during a fit waits for the whole fit: the host terminates a fit instead (finetuneWorkerClient.ts).
serveRequests<FinetuneRequest>({
  handle: (request) => (request.type === 'init' ? init(request) : request.type === 'add' ? add(request) : Promise.resolve().then(() => fit(request))),
  failed: (message) => reply({ type: 'failed', message }),
  release: () => state?.session.release(),
});
