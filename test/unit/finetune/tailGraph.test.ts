import { describe, expect, it } from 'vitest';
import { pixelGradient } from '../../../electron/core/finetune/fitTail.js';
import { defaultTrainable, readTrainableWeights } from '../../../electron/core/finetune/tailGraph.js';
import { buildFeatureExtractor, buildSegmentationModel, HIDDEN_WEIGHT, TAIL_INPUT_TENSOR } from '../../../models/demo/architectures/architecture.js';
import { colourMlp } from '../../../models/demo/architectures/colourMlp.js';
import { DEMO_CLASS_COUNT } from '../../../models/demo/classes.js';
import { demoModelCard } from '../../../models/demo/demoModelCard.js';
import { DEMO_IMAGE_SIZE } from '../../../models/demo/worldLayout.js';
import { ModelCard } from '../../../shared/models/modelCard.js';

const size = DEMO_IMAGE_SIZE;
const K = DEMO_CLASS_COUNT;
const H = colourMlp.hidden;
const C = buildFeatureExtractor(colourMlp, size).channels;
const weights = {
  inputs: C,
  hidden: H,
  classes: K,
  hiddenWeight: Float32Array.from({ length: H * C }, (_, i) => (i % 7) / 7 - 0.5),
  hiddenBias: Float32Array.from({ length: H }, (_, i) => i / H),
  outputWeight: Float32Array.from({ length: K * H }, (_, i) => (i % 5) / 5 - 0.4),
  outputBias: Float32Array.from({ length: K }, (_, i) => -i / K),
};
const bytes = buildSegmentationModel(colourMlp, size, weights, K);
const card = ModelCard.parse(demoModelCard(colourMlp, size, '1.0.0'));

describe('tailGraph', () => {
  it("reads the demo design's tail: the hidden 1×1 layer with ReLU, then the classifier, from the fixed features", () => {
    expect(defaultTrainable(card)).toBe('tail');
    const tail = readTrainableWeights(bytes, card, 'colour-mlp 1.0.0', 'tail');
    expect(tail.featureTensor).toBe(TAIL_INPUT_TENSOR);
    expect(tail.featureChannels).toBe(C);
    expect(tail.layers.map((l) => [l.out, l.in, l.relu])).toEqual([
      [H, C, true],
      [K, H, false],
    ]);
    expect([...tail.layers[0]!.weight]).toEqual([...weights.hiddenWeight]);
    expect([...tail.layers[1]!.bias]).toEqual([...weights.outputBias]);
    expect(tail.tensors.map((t) => t.weight.name)).toEqual([HIDDEN_WEIGHT, card.head!.weightInitializer]);
    // The layers read from the file compute what the model computes: a finite loss and gradients of the right sizes.
    const grad = pixelGradient(tail.layers, [0.1, -0.2, 0.3], 1);
    expect(Number.isFinite(grad.loss)).toBe(true);
    expect(grad.weight.map((w) => w.length)).toEqual([H * C, K * H]);
  });

  it('reads the head alone as a one-layer tail over the hidden features', () => {
    const head = readTrainableWeights(bytes, card, 'colour-mlp 1.0.0', 'head');
    expect(head.layers.map((l) => [l.out, l.in, l.relu])).toEqual([[K, H, false]]);
    expect(head.featureTensor).toBe(card.head!.featureTensor);
  });

  it('refuses a card whose tail does not match the graph, with the reason', () => {
    const tail = card.tail!;
    const withTail = (t: typeof tail) => ({ ...card, tail: t });
    const model = 'colour-mlp 1.0.0';
    expect(() => readTrainableWeights(bytes, { ...card, tail: undefined }, model, 'tail')).toThrow(/names no trainable tail/);
    expect(() => readTrainableWeights(bytes, withTail({ ...tail, featureChannels: C + 1 }), model, 'tail')).toThrow(/hidden\.weight' of tail layer 1 has shape 16×3×1×1; it must be out×4×1×1/);
    expect(() => readTrainableWeights(bytes, withTail({ ...tail, featureTensor: 'image' }), model, 'tail')).toThrow(/reads 'tail_input', not 'image'/);
    const noRelu = { ...tail, layers: [{ ...tail.layers[0]!, relu: false }, tail.layers[1]!] };
    expect(() => readTrainableWeights(bytes, withTail(noRelu), model, 'tail')).toThrow(/the Conv of tail layer 2 \(classifier\.weight\) reads 'features'/);
    const missing = { ...tail, layers: [{ ...tail.layers[0]!, biasInitializer: 'nope' }, tail.layers[1]!] };
    expect(() => readTrainableWeights(bytes, withTail(missing), model, 'tail')).toThrow(/initializer 'nope' of tail layer 1 named by its card is not in the graph/);
  });

  it('rejects a card whose tail ends in a ReLU', () => {
    const tail = card.tail!;
    const parsed = ModelCard.safeParse({ ...card, tail: { ...tail, layers: [tail.layers[0]!, { ...tail.layers[1]!, relu: true }] } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/no ReLU may follow it/);
  });
});
