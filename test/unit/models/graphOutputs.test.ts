import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { isOrtFormat, onlyGraphOutputs } from '../../../electron/core/models/graphOutputs.js';
import { GraphBuilder, parseModel, serializeModel } from '../../../models/onnx/graphBuilder.js';
import { inOrtFormat } from '../../fixtures/models/assistModels.js';

/**
 * x → a = x + w → low (Identity); low → masks (Resize ×2, with its own scales initializer);
 * a → score (ReduceMean). A decoder in miniature: `masks` only upsamples what `low` already holds.
 */
function decoderLike(): Uint8Array {
  const g = new GraphBuilder('decoder-like');
  const x = g.input('x', [1, 1, 2, 2]);
  const size = g.input('size', [2]);
  const a = g.add(x, g.floatInitializer([1, 2, 3, 4], [1, 1, 2, 2], 'w'));
  const low = g.node('Identity', [a], {}, 'low');
  const scaled = g.node('Mul', [low, g.node('ReduceMean', [size], { keepdims: 0 })]);
  g.node('Resize', [scaled, '', g.floatInitializer([1, 1, 2, 2], [4], 'resize_scales')], { mode: 'nearest' }, 'masks');
  g.node('ReduceMean', [a], { keepdims: 0 }, 'score');
  g.output('masks', [1, 1, 4, 4]);
  g.output('score', []);
  g.output('low', [1, 1, 2, 2]);
  return serializeModel(g.build({ producer: 'test' }));
}

const feeds = (): Record<string, ort.Tensor> => ({
  x: new ort.Tensor('float32', Float32Array.of(10, 20, 30, 40), [1, 1, 2, 2]),
  size: new ort.Tensor('float32', Float32Array.of(3, 5), [2]),
});

describe('onlyGraphOutputs', () => {
  it('keeps the named outputs and the nodes they need, and drops the rest with its initializers', async () => {
    const pruned = onlyGraphOutputs(decoderLike(), ['low', 'score']);
    const graph = parseModel(pruned).graph!;
    expect(graph.output!.map((o) => o.name)).toEqual(['score', 'low']);
    expect(graph.node!.map((n) => n.opType)).toEqual(['Add', 'Identity', 'ReduceMean']);
    expect(graph.initializer!.map((t) => t.name)).toEqual(['w']);
    // The inputs stay as declared: callers feed the graph its published signature.
    expect(graph.input!.map((i) => i.name)).toEqual(['x', 'size']);

    const full = await ort.InferenceSession.create(decoderLike());
    const cut = await ort.InferenceSession.create(pruned);
    expect(cut.inputNames).toEqual(['x', 'size']);
    const a = await full.run(feeds());
    const b = await cut.run(feeds());
    expect(Array.from(b.low!.data as Float32Array)).toEqual([11, 22, 33, 44]);
    expect(Array.from(b.low!.data as Float32Array)).toEqual(Array.from(a.low!.data as Float32Array));
    expect(b.score!.data).toEqual(a.score!.data);
    expect(b.masks).toBeUndefined();
    await full.release();
    await cut.release();
  });

  it('returns the bytes unchanged when a kept name is not an output, or when every output is kept', () => {
    const bytes = decoderLike();
    expect(onlyGraphOutputs(bytes, ['low', 'iou_predictions'])).toBe(bytes);
    expect(onlyGraphOutputs(bytes, ['masks', 'score', 'low'])).toBe(bytes);
  });

  it('keeps an ORT-format graph (.ort) whole, as onnxruntime wrote it, and it still runs', async () => {
    const ortBytes = await inOrtFormat(decoderLike());
    expect(isOrtFormat(ortBytes)).toBe(true);
    expect(isOrtFormat(decoderLike())).toBe(false);
    expect(onlyGraphOutputs(ortBytes, ['low', 'score'])).toBe(ortBytes);
    const session = await ort.InferenceSession.create(ortBytes);
    expect(Array.from((await session.run(feeds())).low!.data as Float32Array)).toEqual([11, 22, 33, 44]);
    await session.release();
  });

  it('keeps bytes that are not an ONNX protobuf whole, for the session load to report', () => {
    const garbage = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);
    expect(onlyGraphOutputs(garbage, ['low'])).toBe(garbage);
  });
});
