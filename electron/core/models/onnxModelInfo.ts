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
  /** Version of the default ('' or ai.onnx) operator set; null when the model imports none. */
  opset: number | null;
  producer: string;
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  /** Every other tensor a node produces, typed and shaped where the graph's value_info declares it (a card's embedding may name one). */
  intermediates: GraphTensor[];
  metadataProps: Record<string, string>;
  /** Operator that decides each graph output (e.g. 'Softmax', 'ArgMax'; see outputProducers); absent when an output is an input or initializer. */
  outputProducers: Record<string, string>;
  /** The `location` of every external data file the initializers read from, relative to the model file, in first-use order. */
  externalData: string[];
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

/** Operators that move or retype values without changing what they mean per pixel. */
const PASS_THROUGH = new Set(['Transpose', 'Reshape', 'Identity', 'Squeeze', 'Unsqueeze', 'Cast', 'Resize', 'Upsample', 'Slice']);

/** The operator that decides what each graph output holds, looking through layout and type changes (a Sigmoid then a Transpose is a Sigmoid). */
function outputProducers(graph: OnnxTypes.IGraphProto): Record<string, string> {
  const producer = new Map<string, OnnxTypes.INodeProto>();
  for (const n of graph.node ?? []) for (const o of n.output ?? []) producer.set(o, n);
  const found: Record<string, string> = {};
  for (const output of graph.output ?? []) {
    let node = producer.get(output.name ?? '');
    for (let steps = 0; node && PASS_THROUGH.has(node.opType ?? '') && steps < 16; steps++) {
      const next = producer.get(node.input?.[0] ?? '');
      if (!next) break;
      node = next;
    }
    if (node) found[output.name ?? ''] = node.opType ?? '';
  }
  return found;
}

function intermediates(graph: OnnxTypes.IGraphProto): GraphTensor[] {
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  const declared = new Map((graph.valueInfo ?? []).map((v) => [v.name ?? '', v]));
  const names = new Set((graph.node ?? []).flatMap((n) => n.output ?? []).filter((name) => name !== '' && !outputs.has(name)));
  return [...names].map((name) => {
    const info = declared.get(name);
    return info ? describe(info) : { name, elemType: null, dims: null };
  });
}

function externalDataFiles(initializers: readonly OnnxTypes.ITensorProto[]): string[] {
  const files = new Set<string>();
  for (const t of initializers) {
    if (t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const location = (t.externalData ?? []).find((e) => e.key === 'location')?.value;
    if (location) files.add(location);
  }
  return [...files];
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
  const defaultOpset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return {
    irVersion: toNumber(model.irVersion),
    opset: defaultOpset ? toNumber(defaultOpset.version) : null,
    producer: model.producerName ?? '',
    inputs: (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(describe),
    outputs: (graph.output ?? []).map(describe),
    intermediates: intermediates(graph),
    metadataProps: Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
    outputProducers: outputProducers(graph),
    externalData: externalDataFiles(graph.initializer ?? []),
  };
}
