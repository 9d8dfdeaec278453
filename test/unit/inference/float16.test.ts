import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat } from '../../../shared/models/float16.js';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/** A one-node Cast graph: onnxruntime's own conversion is the reference. */
async function castSession(from: number, to: number): Promise<ort.InferenceSession> {
  const tensor = (name: string, elemType: number) => ({ name, type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'n' }] } } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'cast',
      node: [{ opType: 'Cast', input: ['x'], output: ['y'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: to }] }],
      input: [tensor('x', from)],
      output: [tensor('y', to)],
    },
  });
  return ort.InferenceSession.create(onnx.ModelProto.encode(model).finish());
}

describe('float16 conversion', () => {
  it('rounds float32 to the same half as onnxruntime, edge cases included', async () => {
    const values = [0, -0, 1, -2, 0.1, 1 / 3, 65504, 65519, 65520, 1e6, -1e6, 6.1e-5, 5.96e-8, 2.98e-8, 2.99e-8, 1e-9, Infinity, -Infinity, 1.00048828125, 1.00146484375];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      values.push(((seed / 2 ** 31) * 2 - 1) * 10 ** ((i % 12) - 7));
    }
    const input = Float32Array.from(values);
    const session = await castSession(DataType.FLOAT, DataType.FLOAT16);
    const out = (await session.run({ x: new ort.Tensor('float32', input, [input.length]) })).y!;
    const ours = Array.from(input, (v) => floatToHalf(v));
    expect(ours).toEqual(Array.from(out.data as Uint16Array));
    expect(floatToHalf(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(floatToHalf(Number.NaN) & 0x3ff).not.toBe(0);
  });

  it('reads every half bit pattern as onnxruntime does', async () => {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const session = await castSession(DataType.FLOAT16, DataType.FLOAT);
    const out = (await session.run({ x: new ort.Tensor('float16', bits, [bits.length]) })).y!.data as Float32Array;
    for (let i = 0; i < bits.length; i++) {
      const ours = halfToFloat(i);
      if (Number.isNaN(out[i]!)) expect(ours).toBeNaN();
      else expect(Object.is(ours, out[i]!)).toBe(true);
    }
  });
});
