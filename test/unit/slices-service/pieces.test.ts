import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, serializeModel } from '../../../models/onnx/graphBuilder.js';
import { ModelCard } from '../../../shared/models/modelCard.js';
import type { Contrast } from '../../../shared/slices/attributeContrasts.js';
import { GenerateHttpResponse, GenerateRequest } from '../../../shared/slices/generator.js';
import { DemoSceneGenerator, demoSceneTags } from '../../../electron/core/slices/demoGenerator.js';
import { exifTakenAt, hourOfDay } from '../../../electron/core/slices/exifTime.js';
import { withFeatureOutput } from '../../../electron/core/slices/featureOutput.js';
import { folderOf } from '../../../electron/core/slices/sliceAttributes.js';
import { colourCard } from '../../fixtures/models/tinyModels.js';

/** 1×1 conv to 4 features, ReLU (the named feature tensor), 1×1 classifier to 3 classes. */
function headedModel(): Uint8Array {
  const g = new GraphBuilder('headed');
  const x = g.input('image', ['N', 3, 6, 8]);
  const w1 = Float32Array.from({ length: 12 }, (_, i) => (i % 4) - 1.5);
  const features = g.relu(g.conv(x, { weight: w1, dims: [4, 3, 1, 1], bias: new Float32Array(4).fill(0.5) }), 'features');
  g.conv(features, { weight: new Float32Array(12).fill(0.1), dims: [3, 4, 1, 1], bias: new Float32Array(3) }, { weightName: 'cls.w', biasName: 'cls.b', output: 'logits' });
  g.output('logits', ['N', 3, 6, 8]);
  return serializeModel(g.build({ producer: 'test' }));
}

const card = ModelCard.parse(colourCard({ head: { featureTensor: 'features', featureChannels: 4, weightInitializer: 'cls.w', biasInitializer: 'cls.b' } }));

const contrast = (key: string, effect: number, inside: number): Contrast => ({ kind: 'numeric', key, label: key, inside, outside: 0.4, effect, phrase: key });

describe('feature tensor as an extra output', () => {
  it('adds the card head\u2019s feature tensor so one run gives scores and features', async () => {
    const { bytes, feature, source } = withFeatureOutput(headedModel(), card);
    expect(source).toBe('features');
    expect(feature).toEqual({ tensorName: 'features', layout: 'NCHW' });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.outputNames).toEqual(['logits', 'features']);
    const out = await session.run({ image: new ort.Tensor('float32', new Float32Array(144).fill(1), [1, 3, 6, 8]) });
    expect(out.features!.dims).toEqual([1, 4, 6, 8]);
    // Feature c = relu(Σ w1[c, ·] + 0.5) with w1 rows (−1.5, −0.5, 0.5), (1.5, −1.5, −0.5), (0.5, 1.5, −1.5), (−0.5, 0.5, 1.5).
    expect(Array.from({ length: 4 }, (_, c) => (out.features!.data as Float32Array)[c * 48])).toEqual([0, 0, 1, 2]);
    await session.release();
  });

  it('falls back to pooled class scores when the card names no head or the graph lacks the tensor', () => {
    const bytes = headedModel();
    expect(withFeatureOutput(bytes, ModelCard.parse(colourCard())).source).toBe('scores');
    const missing = ModelCard.parse(colourCard({ head: { featureTensor: 'nowhere', featureChannels: 4, weightInitializer: 'cls.w', biasInitializer: 'cls.b' } }));
    expect(withFeatureOutput(bytes, missing)).toMatchObject({ source: 'scores', feature: null, bytes });
  });
});

describe('EXIF time', () => {
  it('reads DateTimeOriginal from a JPEG sharp wrote, and the hour of day from it', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { DateTime: '2021:05:06 07:08:09' }, IFD2: { DateTimeOriginal: '2024:01:02 21:30:00' } })
      .jpeg()
      .toBuffer();
    const taken = exifTakenAt((await sharp(jpeg).metadata()).exif);
    expect(taken).toBe('2024-01-02T21:30:00');
    expect(hourOfDay(taken)).toBe(21.5);
  });

  it('falls back to IFD0 DateTime and gives null for no or broken EXIF', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { DateTime: '2021:05:06 07:08:09' } })
      .jpeg()
      .toBuffer();
    expect(exifTakenAt((await sharp(jpeg).metadata()).exif)).toBe('2021-05-06T07:08:09');
    expect(exifTakenAt(undefined)).toBeNull();
    expect(exifTakenAt(new Uint8Array(20).fill(7))).toBeNull();
    expect(hourOfDay(null)).toBeNaN();
  });
});

describe('slice attributes and the demo generator mapping', () => {
  it('takes the folder an image came from, null at the top', () => {
    expect(folderOf('night/cam2/0001.png')).toBe('night/cam2');
    expect(folderOf('a\\b.png')).toBe('a');
    expect(folderOf('top.png')).toBeNull();
    expect(folderOf(null)).toBeNull();
  });

  it('maps a description to demo scene conditions: dark → night or dusk, washed out → fog, larger objects → odd sizes', () => {
    expect(demoSceneTags([contrast('brightness', -2.5, 0.14)])).toEqual(['night']);
    expect(demoSceneTags([contrast('brightness', -1.5, 0.27)])).toEqual(['dusk']);
    expect(demoSceneTags([contrast('brightness', 1.2, 0.6), contrast('colourfulness', -1.5, 0.06)])).toEqual(['fog']);
    expect(demoSceneTags([contrast('area:6', 1.1, 0.2)])).toEqual(['oddSize']);
    // Predicted areas are partly the failure itself: they set nothing.
    expect(demoSceneTags([contrast('predictedArea:7', 2, 0.05)])).toEqual([]);
    expect(demoSceneTags([contrast('brightness', -0.3, 0.38)])).toEqual([]);
  });

  it('generates slice scenes with exactly the wanted condition and controls without it, with true masks, reproducibly', async () => {
    const generator = new DemoSceneGenerator();
    const description = { text: 'darker', contrasts: [contrast('brightness', -2.5, 0.14)] };
    expect(await generator.plan(description)).toEqual({ ok: true, summary: 'demo street scenes with night' });
    expect((await generator.plan({ text: 'nothing', contrasts: [] })).ok).toBe(false);
    const night = await generator.generate({ description, role: 'slice', count: 3, seed: 5 });
    const control = await generator.generate({ description, role: 'control', count: 3, seed: 5 });
    expect(night.map((i) => i.params.conditions)).toEqual(['night', 'night', 'night']);
    expect(control.every((i) => !String(i.params.conditions).includes('night'))).toBe(true);
    expect(night[0]!.mask).toHaveLength(night[0]!.width * night[0]!.height);
    const again = await generator.generate({ description, role: 'slice', count: 1, seed: 5 });
    expect(again[0]!.rgb).toEqual(night[0]!.rgb);
  });
});

describe('generator wire format (for a local HTTP generator)', () => {
  it('accepts a request and an answer as documented and refuses a malformed answer', () => {
    const request = GenerateRequest.parse({ description: { text: 'darker', contrasts: [contrast('brightness', -2, 0.1)] }, role: 'control', count: 4, seed: 9 });
    expect(request.role).toBe('control');
    expect(() => GenerateRequest.parse({ ...request, count: 0 })).toThrow();
    const answer = GenerateHttpResponse.parse({ images: [{ png: 'iVBORw0KGgo=', mask: null, params: { timeOfDay: 'night', fog: 0.1, tilted: false } }] });
    expect(answer.images[0]!.params.timeOfDay).toBe('night');
    expect(GenerateHttpResponse.safeParse({ images: [{ png: 'x', params: {} }] }).success).toBe(false);
  });
});
