import { parseModel, serializeModel } from '../../../models/onnx/graphBuilder.js';
import type { onnx as OnnxTypes } from 'onnx-proto';

/**
 * The graph with each named tensor that a node produces also declared as a graph output, so a
 * session can fetch it (onnxruntime returns only declared outputs). The output is declared
 * without a type: onnxruntime takes the producing node's, so a float16 feature map stays
 * float16. Bytes come back unchanged when every name is already an output; a name no node
 * produces is left out (checkGraph refuses such a card before this runs).
 */
export function withGraphOutputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const model = parseModel(bytes);
  const graph = model.graph;
  if (!graph) return bytes;
  const declared = new Set((graph.output ?? []).map((o) => o.name));
  const produced = new Set((graph.node ?? []).flatMap((node) => node.output ?? []));
  const added = [...new Set(names)].filter((name) => !declared.has(name) && produced.has(name));
  if (added.length === 0) return bytes;
  graph.output = [...(graph.output ?? []), ...added.map((name) => ({ name }))];
  return serializeModel(model);
}

/** Every tensor name a node reads, those its subgraphs (If, Loop, Scan bodies) take from the outer scope included. */
function namesRead(node: OnnxTypes.INodeProto): string[] {
  const names = [...(node.input ?? [])];
  for (const attribute of node.attribute ?? []) {
    for (const sub of [attribute.g, ...(attribute.graphs ?? [])]) {
      for (const inner of sub?.node ?? []) names.push(...namesRead(inner));
    }
  }
  return names;
}

/**
 * Whether the bytes are onnxruntime's ORT format (a FlatBuffer with file identifier 'ORTM', as
 * `convert_onnx_models_to_ort` writes `.ort` files), which has no ONNX protobuf to edit.
 */
export function isOrtFormat(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[4] === 0x4f && bytes[5] === 0x52 && bytes[6] === 0x54 && bytes[7] === 0x4d;
}

/**
 * The graph reduced to the named outputs and the nodes they depend on. onnxruntime runs every
 * node of a session's graph on each run, whatever the fetches, so an output nobody reads (SAM's
 * full-size `masks`, an upsampling of `low_res_masks`) costs on every click unless it is cut
 * here. Initializers no kept node reads go too. Bytes come back unchanged when nothing is cut,
 * when a kept name is not a graph output (the caller's check then reports the real graph), and
 * when they are not an ONNX protobuf (an ORT-format file is run whole).
 */
export function onlyGraphOutputs(bytes: Uint8Array, keep: readonly string[]): Uint8Array {
  if (isOrtFormat(bytes)) return bytes;
  let model: OnnxTypes.ModelProto;
  try {
    model = parseModel(bytes);
  } catch {
    // Not an ONNX protobuf we can read: the session load reports what is wrong with the real bytes.
    return bytes;
  }
  const graph = model.graph;
  if (!graph) return bytes;
  const outputs = graph.output ?? [];
  const wanted = new Set(keep);
  if (!keep.every((name) => outputs.some((o) => o.name === name)) || outputs.every((o) => wanted.has(o.name ?? ''))) return bytes;
  const nodes = graph.node ?? [];
  const needed = new Set(keep);
  const kept = new Array<boolean>(nodes.length).fill(false);
  // Nodes are topologically sorted in a valid model, so one pass from the end finds every producer.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!(node.output ?? []).some((name) => needed.has(name))) continue;
    kept[i] = true;
    for (const name of namesRead(node)) if (name) needed.add(name);
  }
  graph.node = nodes.filter((_, i) => kept[i]);
  graph.output = outputs.filter((o) => wanted.has(o.name ?? ''));
  graph.initializer = (graph.initializer ?? []).filter((t) => needed.has(t.name ?? ''));
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => needed.has(v.name ?? ''));
  return serializeModel(model);
}
