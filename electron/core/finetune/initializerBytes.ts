/**
 * Where a float initializer's values sit inside a serialized ONNX model, read straight from the
 * protobuf wire format. Patching those bytes in place gives a model that differs from the
 * original only in those values: no re-encoding, so fields, order and unknown extensions of the
 * rest of the file stay byte-identical whatever tool wrote it.
 */

/** ModelProto.graph, GraphProto.initializer and the TensorProto fields read here. */
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_FLOAT_DATA = 4;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
const TENSOR_DATA_LOCATION = 14;
const DATA_TYPE_FLOAT = 1;
const DATA_LOCATION_EXTERNAL = 1;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** A run of little-endian float32 values at a byte offset of the file. */
export interface FloatSegment {
  offset: number;
  count: number;
}

export interface LocatedInitializer {
  name: string;
  dims: number[];
  /** TensorProto.DataType (1 = FLOAT). */
  dataType: number;
  external: boolean;
  /** The values in file order: one segment for raw_data or packed float_data, one per value when unpacked. */
  segments: FloatSegment[];
}

class WireReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new Error('varint longer than 10 bytes');
  }

  /** Skips a field's value; returns [start, end) of a length-delimited payload, else null. */
  skip(wire: number): [number, number] | null {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.pos += 8;
    else if (wire === WIRE_FIXED32) this.pos += 4;
    else if (wire === WIRE_BYTES) {
      const length = this.varint();
      const start = this.pos;
      this.pos += length;
      if (this.pos > this.end) throw new Error('length-delimited field runs past its message');
      return [start, this.pos];
    } else throw new Error(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new Error('field runs past its message');
    return null;
  }

  /** Calls `visit` with each field number, wire type and (for length-delimited fields) its payload range. */
  fields(visit: (field: number, wire: number, payload: [number, number] | null, valueStart: number) => void): void {
    while (this.pos < this.end) {
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      const valueStart = this.pos;
      const payload = this.skip(wire);
      visit(field, wire, payload, valueStart);
    }
  }
}

function readTensor(bytes: Uint8Array, start: number, end: number): LocatedInitializer {
  const tensor: LocatedInitializer = { name: '', dims: [], dataType: 0, external: false, segments: [] };
  let raw = null as FloatSegment | null;
  new WireReader(bytes, start, end).fields((field, wire, payload, valueStart) => {
    if (field === TENSOR_NAME && payload) tensor.name = new TextDecoder().decode(bytes.subarray(payload[0], payload[1]));
    else if (field === TENSOR_DATA_TYPE && wire === WIRE_VARINT) tensor.dataType = new WireReader(bytes, valueStart, end).varint();
    else if (field === TENSOR_DATA_LOCATION && wire === WIRE_VARINT) tensor.external = new WireReader(bytes, valueStart, end).varint() === DATA_LOCATION_EXTERNAL;
    else if (field === TENSOR_DIMS && wire === WIRE_VARINT) tensor.dims.push(new WireReader(bytes, valueStart, end).varint());
    else if (field === TENSOR_DIMS && payload) {
      const packed = new WireReader(bytes, payload[0], payload[1]);
      while (packed.pos < packed.end) tensor.dims.push(packed.varint());
    } else if (field === TENSOR_RAW_DATA && payload) raw = { offset: payload[0], count: (payload[1] - payload[0]) / 4 };
    else if (field === TENSOR_FLOAT_DATA && payload) tensor.segments.push({ offset: payload[0], count: (payload[1] - payload[0]) / 4 });
    else if (field === TENSOR_FLOAT_DATA && wire === WIRE_FIXED32) tensor.segments.push({ offset: valueStart, count: 1 });
  });
  // Non-empty raw_data wins over float_data, as in onnxruntime; an empty one means the values are in float_data.
  if (raw && raw.count > 0) tensor.segments = [raw];
  return tensor;
}

/** Every initializer of the model's main graph with where its float values lie; throws on bytes that are not protobuf. */
export function locateInitializers(bytes: Uint8Array): LocatedInitializer[] {
  const found: LocatedInitializer[] = [];
  new WireReader(bytes, 0, bytes.length).fields((field, _wire, payload) => {
    if (field !== MODEL_GRAPH || !payload) return;
    new WireReader(bytes, payload[0], payload[1]).fields((graphField, _w, tensor) => {
      if (graphField === GRAPH_INITIALIZER && tensor) found.push(readTensor(bytes, tensor[0], tensor[1]));
    });
  });
  return found;
}

/** Why a located initializer cannot be read or patched as float32 values, or null when it can. */
export function floatProblem(tensor: LocatedInitializer): string | null {
  if (tensor.external) return `its data is stored outside the ONNX file (external data)`;
  if (tensor.dataType !== DATA_TYPE_FLOAT) return `it holds data type ${tensor.dataType}, not float32`;
  const count = tensor.segments.reduce((n, s) => n + s.count, 0);
  const expected = tensor.dims.reduce((a, b) => a * b, 1);
  if (count !== expected || tensor.segments.some((s) => !Number.isInteger(s.count))) return `it holds ${count} values for dims ${tensor.dims.join('×')}`;
  return null;
}

export function readFloats(bytes: Uint8Array, tensor: LocatedInitializer): Float32Array {
  const values = new Float32Array(tensor.segments.reduce((n, s) => n + s.count, 0));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  for (const s of tensor.segments) for (let k = 0; k < s.count; k++) values[i++] = view.getFloat32(s.offset + 4 * k, true);
  return values;
}

/** A copy of `bytes` with each listed initializer's values replaced (same count); nothing else changes. */
export function patchFloats(bytes: Uint8Array, patches: ReadonlyArray<{ tensor: LocatedInitializer; values: Float32Array }>): Uint8Array {
  // A real copy: Buffer.prototype.slice would return a view of the caller's bytes.
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const { tensor, values } of patches) {
    const count = tensor.segments.reduce((n, s) => n + s.count, 0);
    if (values.length !== count) throw new RangeError(`initializer ${tensor.name} holds ${count} values, got ${values.length}`);
    let i = 0;
    for (const s of tensor.segments) for (let k = 0; k < s.count; k++) view.setFloat32(s.offset + 4 * k, values[i++]!, true);
  }
  return out;
}
