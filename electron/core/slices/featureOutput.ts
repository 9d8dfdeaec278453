import type { ModelCard, ModelCardEmbedding } from '../../../shared/models/modelCard.js';
import { withGraphOutputs } from '../models/graphOutputs.js';
import { parseModel } from '../../../models/onnx/graphBuilder.js';
import type { EmbeddingSource } from '../store/embeddings.js';

/** The tensor a model's own embedding pools: the card's embedding, else the input of its 1×1 classifier head (channels first). */
export function featureTensorOf(card: ModelCard): ModelCardEmbedding | null {
  if (card.embedding) return card.embedding;
  return card.head ? { tensorName: card.head.featureTensor, layout: 'NCHW' } : null;
}

/**
 * The model graph with its feature tensor (featureTensorOf) added as a second output, so one run
 * gives both the score map and the per-pixel features to pool into an embedding. A model whose
 * card names neither an embedding nor a head, or whose graph lacks that tensor, is embedded by
 * its pooled class probabilities instead ('scores'): coarser, but still the model's own view.
 */
export function withFeatureOutput(bytes: Uint8Array, card: ModelCard): { bytes: Uint8Array; feature: ModelCardEmbedding | null; source: EmbeddingSource } {
  const feature = featureTensorOf(card);
  if (!feature) return { bytes, feature: null, source: 'scores' };
  const graph = parseModel(bytes).graph;
  const known = [...(graph?.output ?? []).map((o) => o.name), ...(graph?.node ?? []).flatMap((node) => node.output ?? [])];
  if (!known.includes(feature.tensorName)) return { bytes, feature: null, source: 'scores' };
  return { bytes: withGraphOutputs(bytes, [feature.tensorName]), feature, source: 'features' };
}
