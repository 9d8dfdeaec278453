import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  CLASSIFIER_BIAS,
  CLASSIFIER_WEIGHT,
  FEATURE_TENSOR,
  OUTPUT_TENSOR,
  buildFeatureExtractor,
  buildSegmentationModel,
  type ArchitectureDesign,
} from '../../../models/demo/architectures/architecture.js';
import { DEMO_DESIGNS } from '../../../models/demo/buildDemoWorld.js';
import { DEMO_CLASS_COUNT } from '../../../models/demo/classes.js';
import { demoModelCard } from '../../../models/demo/demoModelCard.js';
import { parseModel, readFloatInitializer } from '../../../models/onnx/graphBuilder.js';
import { createRandom } from '../../../models/random.js';
import type { MlpWeights } from '../../../models/training/pixelMlp.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { DEMO_IMAGE_SIZE } from '../../../models/demo/worldLayout.js';

const size = DEMO_IMAGE_SIZE;
const K = DEMO_CLASS_COUNT;

/** Random weights with positive hidden biases, so most hidden units pass signal. */
function randomWeights(design: ArchitectureDesign, inputs: number): MlpWeights {
  const rng = createRandom(11);
  const fill = (n: number, lo: number, hi: number): Float32Array => Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
  return {
    inputs,
    hidden: design.hidden,
    classes: K,
    hiddenWeight: fill(design.hidden * inputs, -1, 1),
    hiddenBias: fill(design.hidden, 1, 2),
    outputWeight: fill(K * design.hidden, -1, 1),
    outputBias: fill(K, -1, 1),
  };
}

async function logits(bytes: Uint8Array, input: Float32Array, batch: number): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run({ image: new ort.Tensor('float32', input, [batch, 3, size.height, size.width]) }))[OUTPUT_TENSOR]!;
  } finally {
    await session.release();
  }
}

function randomImage(seed: number): Float32Array {
  const rng = createRandom(seed);
  return Float32Array.from({ length: 3 * size.width * size.height }, () => rng.uniform(-1, 1));
}

describe.each(DEMO_DESIGNS.map((d) => [d.name, d] as const))('design %s', (_name, design) => {
  const { channels } = buildFeatureExtractor(design, size);
  const bytes = buildSegmentationModel(design, size, randomWeights(design, channels), K);

  it('runs in onnxruntime with a free batch size and gives (N, K, H, W) logits', async () => {
    const two = new Float32Array(2 * 3 * size.width * size.height);
    two.set(randomImage(1));
    two.set(randomImage(2), 3 * size.width * size.height);
    const out = await logits(bytes, two, 2);
    expect(out.dims).toEqual([2, K, size.height, size.width]);
    expect((out.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it('ends in a 1×1 classifier whose weight and bias are the named initializers fed by the feature tensor', () => {
    const model = parseModel(bytes);
    const last = model.graph!.node!.find((n) => n.output?.includes(OUTPUT_TENSOR))!;
    expect(last.opType).toBe('Conv');
    expect(last.input).toEqual([FEATURE_TENSOR, CLASSIFIER_WEIGHT, CLASSIFIER_BIAS]);
    expect(readFloatInitializer(model, CLASSIFIER_WEIGHT)?.dims).toEqual([K, design.hidden, 1, 1]);
    expect(readFloatInitializer(model, CLASSIFIER_BIAS)?.dims).toEqual([K]);
    const card = ModelCard.parse(demoModelCard(design, size, '1.0.0'));
    expect(card.head).toEqual({ featureTensor: FEATURE_TENSOR, featureChannels: design.hidden, weightInitializer: CLASSIFIER_WEIGHT, biasInitializer: CLASSIFIER_BIAS });
    expect(card.input.tensorName).toBe(model.graph!.input![0]!.name);
    expect(card.output.tensorName).toBe(model.graph!.output![0]!.name);
  });
});

describe('the demo designs', () => {
  /** How far (in pixels) a change of one input pixel reaches in the logits. */
  async function reach(design: ArchitectureDesign): Promise<number> {
    const { channels } = buildFeatureExtractor(design, size);
    const bytes = buildSegmentationModel(design, size, randomWeights(design, channels), K);
    const base = randomImage(3);
    const poked = base.slice();
    const cx = size.width / 2;
    const cy = size.height / 2;
    for (let c = 0; c < 3; c++) poked[c * size.width * size.height + cy * size.width + cx] = 5;
    const a = (await logits(bytes, base, 1)).data as Float32Array;
    const b = (await logits(bytes, poked, 1)).data as Float32Array;
    let far = 0;
    const plane = size.width * size.height;
    for (let i = 0; i < a.length; i++) {
      if (Math.abs(a[i]! - b[i]!) < 1e-5) continue;
      const p = i % plane;
      far = Math.max(far, Math.abs((p % size.width) - cx), Math.abs(Math.floor(p / size.width) - cy));
    }
    return far;
  }

  it('differ in receptive field: one pixel, 3×3, a texture window, the whole image', async () => {
    const byName = Object.fromEntries(await Promise.all(DEMO_DESIGNS.map(async (d) => [d.name, await reach(d)] as const)));
    expect(byName).toMatchObject({ 'colour-mlp': 0, 'local-filters': 1 });
    expect(byName['texture-energy']).toBeGreaterThan(4);
    expect(byName['texture-energy']).toBeLessThan(20);
    expect(byName['context-pyramid']).toBeGreaterThan(30);
  });
});
