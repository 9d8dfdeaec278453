import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { floatProblem, locateInitializers, patchFloats, readFloats } from '../../../electron/core/finetune/initializerBytes.js';
import { GraphBuilder, parseModel, readFloatInitializer, serializeModel } from '../../../models/onnx/graphBuilder.js';

const { onnx } = onnxProto;

/** A 1×1 conv head over 3 inputs into 2 classes, after a fixed conv, with named classifier tensors. */
function headModel(): Uint8Array {
  const g = new GraphBuilder('head');
  const x = g.input('image', ['N', 3, 4, 4]);
  const f = g.relu(g.conv(x, { weight: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), dims: [3, 3, 1, 1] }), 'features');
  g.conv(f, { weight: Float32Array.from([1, 2, 3, 4, 5, 6]), bias: Float32Array.from([0.5, -0.5]), dims: [2, 3, 1, 1] }, { weightName: 'cls.w', biasName: 'cls.b', output: 'logits' });
  g.output('logits', ['N', 2, 4, 4]);
  return serializeModel(g.build({ producer: 'test' }));
}

/** Hand-written wire bytes: ModelProto{graph{initializer{dims 2, data_type FLOAT, name, float_data unpacked}}}. */
function unpackedModel(values: number[]): Uint8Array {
  const name = new TextEncoder().encode('u');
  const floats = values.flatMap((v) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return [0x25, ...b];
  });
  const tensor = [0x08, values.length, 0x10, 0x01, 0x42, name.length, ...name, ...floats];
  const graph = [0x2a, tensor.length, ...tensor];
  return Uint8Array.from([0x3a, graph.length, ...graph]);
}

describe('initializerBytes', () => {
  it('finds raw_data initializers by name with their dims and values', () => {
    const bytes = headModel();
    const found = locateInitializers(bytes);
    const w = found.find((t) => t.name === 'cls.w')!;
    const b = found.find((t) => t.name === 'cls.b')!;
    expect(w.dims).toEqual([2, 3, 1, 1]);
    expect(floatProblem(w)).toBeNull();
    expect([...readFloats(bytes, w)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...readFloats(bytes, b)]).toEqual([0.5, -0.5]);
    expect(found.map((t) => t.name).sort()).toEqual(parseModel(bytes).graph!.initializer!.map((t) => t.name).sort());
  });

  it('reads packed float_data the same as the ONNX decoder', () => {
    const model = parseModel(headModel());
    const t = model.graph!.initializer!.find((x) => x.name === 'cls.w')!;
    t.floatData = [9, 8, 7, 6, 5, 4];
    t.rawData = new Uint8Array(0);
    const bytes = serializeModel(model);
    const w = locateInitializers(bytes).find((x) => x.name === 'cls.w')!;
    expect(w.segments).toHaveLength(1);
    expect([...readFloats(bytes, w)]).toEqual([...readFloatInitializer(parseModel(bytes), 'cls.w')!.data]);
  });

  it('reads and patches unpacked float_data value by value', () => {
    const bytes = unpackedModel([1.5, -2]);
    const [u] = locateInitializers(bytes);
    expect(u!.segments).toHaveLength(2);
    expect([...readFloats(bytes, u!)]).toEqual([1.5, -2]);
    const patched = patchFloats(bytes, [{ tensor: u!, values: Float32Array.from([3, 4]) }]);
    expect(onnx.ModelProto.decode(patched).graph!.initializer![0]!.floatData).toEqual([3, 4]);
  });

  it('patches only the bytes of the listed initializers', () => {
    const bytes = headModel();
    const found = locateInitializers(bytes);
    const w = found.find((t) => t.name === 'cls.w')!;
    const patched = patchFloats(bytes, [{ tensor: w, values: Float32Array.from([-1, -2, -3, -4, -5, -6]) }]);
    expect(patched.length).toBe(bytes.length);
    const changed = [...patched.keys()].filter((i) => patched[i] !== bytes[i]);
    const seg = w.segments[0]!;
    expect(changed.every((i) => i >= seg.offset && i < seg.offset + 4 * seg.count)).toBe(true);
    expect(changed.length).toBeGreaterThan(0);
    expect([...readFloatInitializer(parseModel(patched), 'cls.w')!.data]).toEqual([-1, -2, -3, -4, -5, -6]);
    expect(bytes).toEqual(headModel());
  });

  it('says why a tensor cannot be patched: another data type, external data, or a wrong count', () => {
    const base = { name: 't', dims: [2], external: false, segments: [{ offset: 0, count: 2 }] };
    expect(floatProblem({ ...base, dataType: 11 })).toMatch(/data type 11/);
    expect(floatProblem({ ...base, dataType: 1, external: true })).toMatch(/external/);
    expect(floatProblem({ ...base, dataType: 1, dims: [3] })).toMatch(/2 values for dims 3/);
    expect(() => patchFloats(new Uint8Array(8), [{ tensor: { ...base, dataType: 1 }, values: new Float32Array(3) }])).toThrow(/holds 2 values/);
  });

  it('refuses bytes that are not protobuf', () => {
    expect(() => locateInitializers(Uint8Array.from([0x3a, 0x7f, 0x01]))).toThrow(/past its message/);
  });
});
