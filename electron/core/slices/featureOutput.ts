import onnxProto from 'onnx-proto';
import { parseModel, serializeModel } from '../../../models/onnx/graphBuilder.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { EmbeddingSource } from '../store/embeddings.js';

const { onnx } = onnxProto;

/** Where an embedding comes from: the model's features, its class scores, or a separate image encoder. */
/**
 * The model graph with the card's feature tensor (the input of the final 1×1 classifier) added as
 * a second output, so one run gives both the score map and the per-pixel features to pool into an
 * embedding. A model whose card names no head, or whose graph lacks that tensor, is embedded by
 * its pooled class probabilities instead ('scores'): coarser, but still the model's own view.
 */
export function withFeatureOutput(bytes: Uint8Array, card: ModelCard): { bytes: Uint8Array; featureTensor: string | null; source: EmbeddingSource } {
  const feature = card.head?.featureTensor;
  if (!feature) return { bytes, featureTensor: null, source: 'scores' };
  const model = parseModel(bytes);
  const graph = model.graph;
  if (!graph) return { bytes, featureTensor: null, source: 'scores' };
  if ((graph.output ?? []).some((o) => o.name === feature)) return { bytes, featureTensor: feature, source: 'features' };
  const produced = (graph.node ?? []).some((node) => (node.output ?? []).includes(feature));
  if (!produced) return { bytes, featureTensor: null, source: 'scores' };
  // Shape left undeclared: onnxruntime infers it, and the card's channel count is checked on the first run.
  graph.output = [...(graph.output ?? []), { name: feature, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }];
  return { bytes: serializeModel(model), featureTensor: feature, source: 'features' };
}
