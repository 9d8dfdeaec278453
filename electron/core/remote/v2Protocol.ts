import { z } from 'zod';

/**
 * The Open Inference Protocol (KServe v2 predict protocol) over REST, as Triton, KServe and
 * OpenVINO Model Server speak it, with Triton's binary tensor data extension: the JSON header
 * first, its length in the `Inference-Header-Content-Length` header, then each binary tensor's
 * raw little-endian bytes in the order the header lists them (`parameters.binary_data_size`).
 * Encoding and decoding only; no I/O.
 */

export const HEADER_LENGTH = 'inference-header-content-length';

/** The protocol's element types Faultline sends or reads, and the typed arrays that hold them. */
const DATATYPES = {
  FP32: { type: 'float32', bytes: 4 },
  FP16: { type: 'float16', bytes: 2 },
  FP64: { type: 'float64', bytes: 8 },
  UINT8: { type: 'uint8', bytes: 1 },
  INT8: { type: 'int8', bytes: 1 },
  INT32: { type: 'int32', bytes: 4 },
  INT64: { type: 'int64', bytes: 8 },
} as const;
export type V2Datatype = keyof typeof DATATYPES;

/** ONNX Runtime's tensor type names (what the card and the worker use) by protocol datatype. */
export type TensorType = (typeof DATATYPES)[V2Datatype]['type'];
export type TensorData = Float32Array | Uint16Array | Float64Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;

export interface Tensor {
  name: string;
  type: TensorType;
  dims: number[];
  data: TensorData;
}

export function datatypeOf(type: string): V2Datatype | null {
  const entry = Object.entries(DATATYPES).find(([, d]) => d.type === type);
  return entry ? (entry[0] as V2Datatype) : null;
}

export function tensorTypeOf(datatype: string): TensorType | null {
  return datatype in DATATYPES ? DATATYPES[datatype as V2Datatype].type : null;
}

const TensorMetadata = z.object({ name: z.string(), datatype: z.string(), shape: z.array(z.number().int()) });
export type TensorMetadata = z.infer<typeof TensorMetadata>;

/** GET /v2/models/NAME[/versions/V]: what the server says the model takes and gives. */
export const ModelMetadata = z.object({
  name: z.string(),
  versions: z.array(z.string()).optional(),
  platform: z.string().optional(),
  inputs: z.array(TensorMetadata),
  outputs: z.array(TensorMetadata),
});
export type ModelMetadata = z.infer<typeof ModelMetadata>;

const Parameters = z.record(z.string(), z.unknown()).optional();

const ResponseOutput = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  datatype: z.string(),
  parameters: Parameters,
  data: z.array(z.union([z.number(), z.string(), z.boolean()])).optional(),
});

const InferResponseHeader = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  outputs: z.array(ResponseOutput),
});

/** The server's own words for a failure: `{"error": "..."}` on any non-2xx status. */
export const ErrorBody = z.object({ error: z.string() });

export interface InferResponse {
  modelName: string;
  /** The version that answered; the server picks one when the request names none. */
  modelVersion: string | null;
  outputs: Tensor[];
}

function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A request with every input as binary data and every output asked for as binary data: the JSON
 * header, then each tensor's bytes as they lie (written one after another, never joined into a
 * copy).
 */
export function encodeBinaryRequest(inputs: readonly Tensor[], outputs: readonly string[]): { header: number; parts: Uint8Array[] } {
  const json = {
    inputs: inputs.map((t) => ({ name: t.name, shape: t.dims, datatype: requireDatatype(t.type), parameters: { binary_data_size: t.data.byteLength } })),
    outputs: outputs.map((name) => ({ name, parameters: { binary_data: true } })),
  };
  const head = Buffer.from(JSON.stringify(json), 'utf8');
  return { header: head.length, parts: [head, ...inputs.map((t) => bytesOf(t.data))] };
}

/**
 * A request in plain JSON (servers without the binary extension). float32 values written and
 * read back by JSON come back to the same float32; float16 needs the binary extension (its JSON
 * form would be the bit patterns).
 */
export function encodeJsonRequest(inputs: readonly Tensor[], outputs: readonly string[]): Buffer {
  const half = inputs.find((t) => t.type === 'float16');
  if (half) throw new Error(`input '${half.name}' is float16, which needs the binary tensor extension`);
  const json = {
    inputs: inputs.map((t) => ({ name: t.name, shape: t.dims, datatype: requireDatatype(t.type), data: Array.from(t.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v)) })),
    outputs: outputs.map((name) => ({ name, parameters: { binary_data: false } })),
  };
  return Buffer.from(JSON.stringify(json), 'utf8');
}

function requireDatatype(type: string): V2Datatype {
  const datatype = datatypeOf(type);
  if (datatype === null) throw new Error(`the protocol has no datatype for ONNX tensor type ${type}`);
  return datatype;
}

/**
 * A typed array over `bytes`: a view where they lie when they are aligned for the type (readBody
 * places a body's binary section so), else over an aligned copy. A view keeps the body alive and
 * is not transferable; nothing sends these arrays to another thread.
 */
function typedFrom(type: TensorType, bytes: Uint8Array): TensorData {
  const size = DATATYPES[requireDatatype(type)].bytes;
  const aligned = bytes.byteOffset % size === 0;
  const buffer = aligned ? bytes.buffer : new Uint8Array(bytes).buffer;
  const offset = aligned ? bytes.byteOffset : 0;
  const length = bytes.byteLength / size;
  switch (type) {
    case 'float32':
      return new Float32Array(buffer, offset, length);
    case 'float16':
      return new Uint16Array(buffer, offset, length);
    case 'float64':
      return new Float64Array(buffer, offset, length);
    case 'uint8':
      return new Uint8Array(buffer, offset, length);
    case 'int8':
      return new Int8Array(buffer, offset, length);
    case 'int32':
      return new Int32Array(buffer, offset, length);
    case 'int64':
      return new BigInt64Array(buffer, offset, length);
  }
}

function typedFromValues(type: TensorType, values: ReadonlyArray<number | string | boolean>): TensorData {
  const numbers = values.map(Number);
  switch (type) {
    case 'float32':
      return Float32Array.from(numbers);
    case 'float16':
      throw new Error('FP16 outputs must come as binary data');
    case 'float64':
      return Float64Array.from(numbers);
    case 'uint8':
      return Uint8Array.from(numbers);
    case 'int8':
      return Int8Array.from(numbers);
    case 'int32':
      return Int32Array.from(numbers);
    case 'int64':
      return BigInt64Array.from(numbers.map((n) => BigInt(n)));
  }
}

/**
 * Decodes an infer response: `headerLength` from Inference-Header-Content-Length (null for a plain
 * JSON body). A malformed response is an Error naming what is wrong, never a wrong tensor.
 */
export function decodeInferResponse(body: Buffer, headerLength: number | null): InferResponse {
  const jsonEnd = headerLength ?? body.length;
  if (jsonEnd > body.length) throw new Error(`the response header claims ${jsonEnd} bytes but the body has ${body.length}`);
  const header = InferResponseHeader.parse(JSON.parse(body.subarray(0, jsonEnd).toString('utf8')));
  let at = jsonEnd;
  const outputs = header.outputs.map((o): Tensor => {
    const type = tensorTypeOf(o.datatype);
    if (type === null) throw new Error(`output '${o.name}' has datatype ${o.datatype}, which Faultline does not read`);
    const count = elementCount(o.shape);
    const size = o.parameters?.['binary_data_size'];
    if (typeof size === 'number') {
      if (size !== count * DATATYPES[o.datatype as V2Datatype].bytes) throw new Error(`output '${o.name}' has ${size} bytes for shape [${o.shape.join(', ')}] of ${o.datatype}`);
      if (at + size > body.length) throw new Error(`output '${o.name}' runs past the end of the response`);
      const data = typedFrom(type, body.subarray(at, at + size));
      at += size;
      return { name: o.name, type, dims: o.shape, data };
    }
    if (!o.data) throw new Error(`output '${o.name}' has neither data nor binary_data_size`);
    if (o.data.length !== count) throw new Error(`output '${o.name}' has ${o.data.length} values for shape [${o.shape.join(', ')}]`);
    return { name: o.name, type, dims: o.shape, data: typedFromValues(type, o.data) };
  });
  return { modelName: header.model_name, modelVersion: header.model_version ?? null, outputs };
}

/** The JSON header and binary tensors of a request as a server reads them (the loopback test server, and tests). */
export interface DecodedRequest {
  inputs: Tensor[];
  /** Requested outputs and whether each should come back as binary data; empty: every output, as the request's inputs came. */
  outputs: Array<{ name: string; binary: boolean }>;
  binaryInputs: boolean;
}

const RequestInput = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  datatype: z.string(),
  parameters: Parameters,
  data: z.array(z.union([z.number(), z.array(z.unknown())])).optional(),
});
const InferRequestHeader = z.object({
  id: z.string().optional(),
  inputs: z.array(RequestInput).min(1),
  outputs: z.array(z.object({ name: z.string(), parameters: Parameters })).optional(),
});

/** Server side of encodeBinaryRequest / encodeJsonRequest; errors are worded for a 400 response. */
export function decodeInferRequest(body: Buffer, headerLength: number | null): DecodedRequest {
  const jsonEnd = headerLength ?? body.length;
  if (jsonEnd > body.length) throw new Error(`Inference-Header-Content-Length ${jsonEnd} exceeds the body's ${body.length} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.subarray(0, jsonEnd).toString('utf8'));
  } catch {
    throw new Error('failed to parse the request JSON buffer');
  }
  const header = InferRequestHeader.safeParse(parsed);
  if (!header.success) throw new Error(`malformed inference request: ${header.error.issues[0]?.message ?? 'invalid'}`);
  let at = jsonEnd;
  let binaryInputs = false;
  const inputs = header.data.inputs.map((i): Tensor => {
    const type = tensorTypeOf(i.datatype);
    if (type === null) throw new Error(`unsupported datatype ${i.datatype} for input '${i.name}'`);
    const count = elementCount(i.shape);
    const size = i.parameters?.['binary_data_size'];
    if (typeof size === 'number') {
      binaryInputs = true;
      if (size !== count * DATATYPES[i.datatype as V2Datatype].bytes) throw new Error(`unexpected total byte size ${size} for input '${i.name}', expecting ${count * DATATYPES[i.datatype as V2Datatype].bytes}`);
      if (at + size > body.length) throw new Error(`unexpected end of binary data for input '${i.name}'`);
      const data = typedFrom(type, body.subarray(at, at + size));
      at += size;
      return { name: i.name, type, dims: i.shape, data };
    }
    const values = (i.data ?? []).flat(Infinity) as Array<number>;
    if (values.length !== count) throw new Error(`unexpected number of values ${values.length} for input '${i.name}', expecting ${count}`);
    return { name: i.name, type, dims: i.shape, data: typedFromValues(type, values) };
  });
  const outputs = (header.data.outputs ?? []).map((o) => ({ name: o.name, binary: o.parameters?.['binary_data'] === true }));
  return { inputs, outputs, binaryInputs };
}

/** An infer response with the chosen outputs as binary data (the rest as JSON values): the JSON header, then the binary tensors' bytes as they lie. */
export function encodeInferResponse(modelName: string, modelVersion: string, outputs: ReadonlyArray<Tensor & { binary: boolean }>): { header: number | null; parts: Uint8Array[] } {
  const anyBinary = outputs.some((o) => o.binary);
  const json = {
    model_name: modelName,
    model_version: modelVersion,
    outputs: outputs.map((o) =>
      o.binary
        ? { name: o.name, shape: o.dims, datatype: requireDatatype(o.type), parameters: { binary_data_size: o.data.byteLength } }
        : { name: o.name, shape: o.dims, datatype: requireDatatype(o.type), data: Array.from(o.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v)) },
    ),
  };
  const head = Buffer.from(JSON.stringify(json), 'utf8');
  if (!anyBinary) return { header: null, parts: [head] };
  return { header: head.length, parts: [head, ...outputs.filter((o) => o.binary).map((o) => bytesOf(o.data))] };
}
