import { parseModel, serializeModel } from '../../../models/onnx/graphBuilder.js';

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
