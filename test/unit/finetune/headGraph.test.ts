import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readHeadWeights, withFeatureOutput } from '../../../electron/core/finetune/headGraph.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { headCard, headModel } from '../../fixtures/models/tinyHeadModel.js';
import { colourCard, colourModel } from '../../fixtures/models/tinyModels.js';

const card = ModelCard.parse(headCard());

describe('headGraph', () => {
  it("reads the head's weights and bias with their shapes", () => {
    const head = readHeadWeights(headModel(), card, 'tiny-head 1.0');
    expect([head.classes, head.channels]).toEqual([3, 4]);
    expect([...head.weight]).toEqual([10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 0]);
    expect([...head.bias]).toEqual([0, 0, 0]);
  });

  it('adds the feature tensor as an output, so one run gives features and scores', async () => {
    const bytes = withFeatureOutput(headModel({ downsample: 2 }), card.head!, 'tiny-head 1.0');
    const session = await ort.InferenceSession.create(bytes);
    expect(session.outputNames).toEqual(['logits', 'features']);
    const image = new Float32Array(3 * 48).fill(0.5);
    const out = await session.run({ image: new ort.Tensor('float32', image, [1, 3, 6, 8]) });
    await session.release();
    expect(out.features!.dims).toEqual([1, 4, 3, 4]);
    expect(out.logits!.dims).toEqual([1, 3, 3, 4]);
    expect((out.features!.data as Float32Array)[3 * 12]).toBeCloseTo(1.5);
  });

  it('refuses with a clear reason a card without head, a missing initializer, a wrong shape, or an unknown feature tensor', () => {
    const plain = ModelCard.parse(colourCard());
    expect(() => readHeadWeights(colourModel(), plain, 'colour 1.0')).toThrow(/colour 1\.0 cannot be fine-tuned in the app: its card names no classifier head/);
    const missing = ModelCard.parse(headCard({ head: { ...card.head, weightInitializer: 'nope' } }));
    expect(() => readHeadWeights(headModel(), missing, 'm')).toThrow(/classifier weight initializer 'nope' named by its card is not in the graph/);
    const wide = ModelCard.parse(headCard({ head: { ...card.head, featureChannels: 5 } }));
    expect(() => readHeadWeights(headModel(), wide, 'm')).toThrow(/has shape 3×4×1×1; a 1×1 classifier over 5 features into 3 classes has 3×5×1×1/);
    expect(() => withFeatureOutput(headModel(), { ...card.head!, featureTensor: 'hidden' }, 'm')).toThrow(/no node of its graph produces the feature tensor 'hidden'/);
  });
});
