import type { ModelMetadata, TensorMetadata } from '../remote/v2Protocol.js';
import { tensorTypeOf } from '../remote/v2Protocol.js';
import type { GraphTensor, OnnxModelInfo } from './onnxModelInfo.js';

function graphTensor(t: TensorMetadata): GraphTensor {
  // The protocol marks a free dimension -1, as ONNX leaves it unnamed.
  return { name: t.name, elemType: tensorTypeOf(t.datatype) ?? t.datatype, dims: t.shape.map((d) => (d < 0 ? null : d)) };
}

/**
 * A served model's metadata as the graph description import checks a card against
 * (checkGraph): the same rules, the same refusals, for a model whose file is on the server.
 */
export function metadataAsGraph(metadata: ModelMetadata): OnnxModelInfo {
  return {
    irVersion: 0,
    opset: null,
    producer: metadata.platform ?? '',
    inputs: metadata.inputs.map(graphTensor),
    outputs: metadata.outputs.map(graphTensor),
    intermediates: [],
    metadataProps: {},
    outputProducers: {},
    externalData: [],
  };
}

/** Why two replicas' metadata differ (they must serve the same model); null when they agree. */
export function metadataDifference(a: ModelMetadata, b: ModelMetadata): string | null {
  const signature = (m: ModelMetadata): string => JSON.stringify([m.inputs, m.outputs].map((list) => [...list].sort((x, y) => x.name.localeCompare(y.name))));
  return signature(a) === signature(b) ? null : 'their inputs or outputs differ';
}
