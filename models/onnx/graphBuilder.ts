import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

/** IR version 8 with opset 17: the newest pair the bundled ONNX protobuf schema describes. */
export const IR_VERSION = 8;
export const OPSET = 17;

/** A dimension: a fixed size, or a symbolic name (e.g. 'N' for a free batch size). */
export type Dim = number | string;

/** Integer, integer list or string attributes: all the ops used here need. */
type AttributeValue = number | number[] | string;

/** Element types of graph inputs and outputs: float maps, int64 token ids, int32 sizes (some SAM 2 exports), uint8 pixels, bool flags. */
export type ElementType = 'float' | 'int64' | 'int32' | 'uint8' | 'bool';

const ELEMENT_TYPES: Record<ElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** A 2-D float initializer as a Conv weight (out, in, kh, kw) plus optional bias. */
export interface ConvWeights {
  weight: Float32Array;
  /** Shape [out, in / group, kh, kw]. */
  dims: [number, number, number, number];
  bias?: Float32Array;
}

export interface ConvOptions {
  /** Explicit initializer names, for tensors other code must find by name (a fine-tunable head). */
  weightName?: string;
  biasName?: string;
  group?: number;
  strides?: [number, number];
  /** Output name; generated when absent. */
  output?: string;
}

/**
 * Builds an ONNX graph node by node. Tensor names are generated from the op type unless given,
 * so builders can chain calls: `g.relu(g.conv(x, w))`. Convolutions are padded to keep the
 * spatial size ("same" padding for odd kernels).
 */
export class GraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(private readonly graphName: string) {}

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return this.claim(name);
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`tensor name ${name} is already used`);
    this.names.add(name);
    return name;
  }

  input(name: string, dims: readonly Dim[], type: ElementType = 'float'): string {
    this.inputs.push(valueInfo(this.claim(name), dims, type));
    return name;
  }

  /** Declares an existing tensor as a graph output. */
  output(name: string, dims: readonly Dim[], type: ElementType = 'float'): void {
    if (!this.names.has(name)) throw new Error(`unknown tensor ${name}`);
    this.outputs.push(valueInfo(name, dims, type));
  }

  /** An int64 constant: shapes for Reshape, indices for Gather, axes. */
  int64Initializer(values: readonly number[], dims: readonly number[], name?: string): string {
    const tensorName = name === undefined ? this.fresh('const') : this.claim(name);
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
    this.initializers.push({ name: tensorName, dims: [...dims], dataType: onnx.TensorProto.DataType.INT64, rawData: bytes });
    return tensorName;
  }

  floatInitializer(data: Float32Array | readonly number[], dims: readonly number[], name?: string): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    const expected = dims.reduce((a, b) => a * b, 1);
    if (values.length !== expected) throw new Error(`initializer has ${values.length} values, dims ${dims.join('×')} need ${expected}`);
    const tensorName = name === undefined ? this.fresh('const') : this.claim(name);
    this.initializers.push({
      name: tensorName,
      dims: [...dims],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: littleEndianBytes(values),
    });
    return tensorName;
  }

  node(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output === undefined ? this.fresh(opType.toLowerCase()) : this.claim(output);
    this.nodes.push({
      opType,
      name: `${out}_node`,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return out;
  }

  conv(x: string, w: ConvWeights, options: ConvOptions = {}): string {
    const [, , kh, kw] = w.dims;
    const weight = this.floatInitializer(w.weight, w.dims, options.weightName);
    const inputs = [x, weight];
    if (w.bias !== undefined) inputs.push(this.floatInitializer(w.bias, [w.dims[0]], options.biasName));
    return this.node(
      'Conv',
      inputs,
      {
        kernel_shape: [kh, kw],
        pads: [(kh - 1) >> 1, (kw - 1) >> 1, kh >> 1, kw >> 1],
        strides: options.strides ?? [1, 1],
        group: options.group ?? 1,
      },
      options.output,
    );
  }

  relu(x: string, output?: string): string {
    return this.node('Relu', [x], {}, output);
  }

  abs(x: string): string {
    return this.node('Abs', [x]);
  }

  add(a: string, b: string): string {
    return this.node('Add', [a, b]);
  }

  sub(a: string, b: string): string {
    return this.node('Sub', [a, b]);
  }

  mul(a: string, b: string): string {
    return this.node('Mul', [a, b]);
  }

  concat(xs: readonly string[], axis = 1): string {
    return this.node('Concat', xs, { axis });
  }

  /** Mean over k×k windows; stride 1 with padding keeps the size, padding excluded from the mean. */
  averagePool(x: string, kernel: number, stride: number): string {
    const pad = stride === 1 ? (kernel - 1) >> 1 : 0;
    return this.node('AveragePool', [x], {
      kernel_shape: [kernel, kernel],
      strides: [stride, stride],
      pads: [pad, pad, pad, pad],
      count_include_pad: 0,
    });
  }

  /** Bilinear upsampling by an integer factor (scales, so the batch size may stay free). */
  upsample(x: string, factor: number): string {
    const scales = this.floatInitializer([1, 1, factor, factor], [4]);
    return this.node('Resize', [x, '', scales], { mode: 'linear', coordinate_transformation_mode: 'half_pixel' });
  }

  build(meta: { producer: string; docString?: string }): OnnxTypes.ModelProto {
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: meta.producer,
      producerVersion: '1',
      docString: meta.docString ?? '',
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
  }
}

export function serializeModel(model: OnnxTypes.ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export function parseModel(bytes: Uint8Array): OnnxTypes.ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/** Reads a float initializer back by name (from raw_data or float_data). */
export function readFloatInitializer(model: OnnxTypes.IModelProto, name: string): { dims: number[]; data: Float32Array } | null {
  const tensor = model.graph?.initializer?.find((t) => t.name === name);
  if (!tensor) return null;
  const dims = (tensor.dims ?? []).map(Number);
  if (tensor.rawData && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const data = new Float32Array(raw.byteLength / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(4 * i, true);
    return { dims, data };
  }
  return { dims, data: Float32Array.from(tensor.floatData ?? []) };
}

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
  return bytes;
}

function valueInfo(name: string, dims: readonly Dim[], type: ElementType = 'float'): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (!Number.isInteger(value)) throw new Error(`attribute ${name} must be an integer`);
  return { name, type: AttributeType.INT, i: value };
}
