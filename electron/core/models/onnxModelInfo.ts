import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { refuse } from './modelRefusal.js';

const { onnx } = onnxProto;

/** A dimension: fixed size, symbolic name, or unknown. */
export type GraphDim = number | string | null;

export interface GraphTensor {
  name: string;
  /** ONNX TensorProto.DataType name ('FLOAT', 'UINT8', ...); null when not a tensor. */
  elemType: string | null;
  /** null when the graph does not declare a shape. */
  dims: GraphDim[] | null;
}

export interface OnnxModelInfo {
  irVersion: number;
  producer: string;
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  metadataProps: Record<string, string>;
}

function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function describe(info: OnnxTypes.IValueInfoProto): GraphTensor {
  const tensor = info.type?.tensorType;
  const elemType = tensor ? (onnx.TensorProto.DataType[tensor.elemType ?? 0] ?? String(tensor.elemType)) : null;
  const dims = tensor?.shape
    ? (tensor.shape.dim ?? []).map((d): GraphDim => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? toNumber(d.dimValue) : null))
    : null;
  return { name: info.name ?? '', elemType, dims };
}

/**
 * Reads what an import checks before running anything: declared inputs (initializers listed as
 * inputs by older exporters are left out), outputs, and metadata_props. Bytes that are not an
 * ONNX model are refused here.
 */
export function readOnnxModelInfo(bytes: Uint8Array): OnnxModelInfo {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    refuse('not_onnx', `the file is not an ONNX model (protobuf decoding failed: ${(error as Error).message}).`);
  }
  const graph = model.graph;
  if (!graph || (graph.node ?? []).length === 0 || toNumber(model.irVersion) <= 0) {
    refuse('not_onnx', 'the file is not an ONNX model (it holds no ONNX graph).');
  }
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  return {
    irVersion: toNumber(model.irVersion),
    producer: model.producerName ?? '',
    inputs: (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(describe),
    outputs: (graph.output ?? []).map(describe),
    metadataProps: Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}
