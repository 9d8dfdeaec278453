import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, parseModel, readFloatInitializer, serializeModel } from '../../../models/onnx/graphBuilder.js';

async function run(bytes: Uint8Array, input: Float32Array, dims: number[], output: string): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ x: new ort.Tensor('float32', input, dims) });
    return result[output]!;
  } finally {
    await session.release();
  }
}

describe('GraphBuilder', () => {
  it('builds a conv → relu → 1×1 conv graph that onnxruntime runs with the declared output shape', async () => {
    const g = new GraphBuilder('tiny');
    const x = g.input('x', ['N', 2, 3, 4]);
    const hidden = g.relu(g.conv(x, { weight: new Float32Array(5 * 2 * 9).fill(0.1), dims: [5, 2, 3, 3], bias: new Float32Array(5) }), 'features');
    g.conv(hidden, { weight: new Float32Array(3 * 5).fill(1), dims: [3, 5, 1, 1], bias: Float32Array.from([0, 1, 2]) }, { weightName: 'head.w', biasName: 'head.b', output: 'logits' });
    g.output('logits', ['N', 3, 3, 4]);
    const out = await run(serializeModel(g.build({ producer: 'test' })), new Float32Array(2 * 2 * 12).fill(1), [2, 2, 3, 4], 'logits');
    expect(out.dims).toEqual([2, 3, 3, 4]);
    // Centre pixel: 5 hidden units each see 2 channels × 9 taps × 0.1 = 1.8; logits = 5 × 1.8 + bias.
    const centre = 1 * 4 + 1;
    expect(out.data[centre]).toBeCloseTo(9);
    expect(out.data[12 + centre]).toBeCloseTo(10);
    expect(out.data[24 + centre]).toBeCloseTo(11);
    // Corner pixel: zero padding leaves 4 of the 9 taps.
    expect(out.data[0]).toBeCloseTo(5 * 2 * 4 * 0.1);
  });

  it('keeps named initializers readable by name with their dims and values', () => {
    const g = new GraphBuilder('named');
    const x = g.input('x', [1, 2, 1, 1]);
    g.conv(x, { weight: Float32Array.from([1.5, -2]), dims: [1, 2, 1, 1], bias: Float32Array.from([0.25]) }, { weightName: 'w', biasName: 'b', output: 'y' });
    g.output('y', [1, 1, 1, 1]);
    const model = parseModel(serializeModel(g.build({ producer: 'test' })));
    expect(readFloatInitializer(model, 'w')).toEqual({ dims: [1, 2, 1, 1], data: Float32Array.from([1.5, -2]) });
    expect(readFloatInitializer(model, 'b')).toEqual({ dims: [1], data: Float32Array.from([0.25]) });
    expect(readFloatInitializer(model, 'missing')).toBeNull();
  });

  it('average-pools, upsamples bilinearly, concatenates and takes absolute values as onnxruntime computes them', async () => {
    const g = new GraphBuilder('ops');
    const x = g.input('x', [1, 1, 4, 4]);
    const pooled = g.upsample(g.averagePool(x, 2, 2), 2);
    const local = g.averagePool(x, 3, 1);
    g.output(g.node('Identity', [g.concat([g.abs(x), pooled, local])], {}, 'y'), [1, 3, 4, 4]);
    const input = Float32Array.from([-1, -1, 2, 2, -1, -1, 2, 2, 4, 4, 8, 8, 4, 4, 8, 8]);
    const out = await run(serializeModel(g.build({ producer: 'test' })), input, [1, 1, 4, 4], 'y');
    expect(out.dims).toEqual([1, 3, 4, 4]);
    const data = [...(out.data as Float32Array)];
    expect(data.slice(0, 4)).toEqual([1, 1, 2, 2]);
    // 2×2 block means are -1, 2, 4, 8; the top-left output pixel sits inside the first block.
    expect(data[16]).toBeCloseTo(-1);
    expect(data[16 + 15]).toBeCloseTo(8);
    // 3×3 mean at the corner excludes padding: mean of -1, -1, -1, -1.
    expect(data[32]).toBeCloseTo(-1);
    // 3×3 mean at (1,1): (-1·4 + 2·2 + 4·2 + 8) / 9.
    expect(data[32 + 5]).toBeCloseTo(16 / 9);
  });

  it('refuses a tensor name used twice and an initializer of the wrong size', () => {
    const g = new GraphBuilder('bad');
    g.input('x', [1]);
    expect(() => g.input('x', [1])).toThrow(/already used/);
    expect(() => g.floatInitializer([1, 2, 3], [2, 2])).toThrow(/need 4/);
  });
});
