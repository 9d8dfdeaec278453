import type { ExecutionProvider, ProviderFallback } from '../../../shared/contract/domain.js';
import type { ModelCard, ModelCardEmbedding } from '../../../shared/models/modelCard.js';
import type { ResizePlan } from '../inference/resizePlan.js';
import type { ExitRequest } from '../workers/serveRequests.js';

/** Opens the embedding session: the model with its feature tensor as an extra output. */
export interface EmbedInit {
  type: 'init';
  modelBytes: Uint8Array;
  candidates: ExecutionProvider[];
  threads: number;
  card: ModelCard;
  /** The extra output to pool, and its layout; null pools the class probabilities. */
  feature: ModelCardEmbedding | null;
  /** Fixed graph batch to pad every batch up to, or null. */
  tensorBatch: number | null;
  /** Model class id → project class id (255 unmapped), for label maps. */
  lut: Uint8Array;
}

export interface EmbedItem {
  key: number;
  /** Packed RGB already scaled as `plan` says. */
  rgb: Uint8Array;
  plan: ResizePlan;
}

export interface EmbedRun {
  type: 'run';
  items: EmbedItem[];
  /** Also return each image's label map at its own size (generated images are scored against their masks). */
  labels: boolean;
}

export type EmbedRequest = EmbedInit | EmbedRun | ExitRequest;

export type EmbedResult =
  | { key: number; vector: Float32Array; labels: Uint8Array | null }
  | { key: number; error: string };

export type EmbedResponse =
  | { type: 'ready'; provider: ExecutionProvider; fallbacks: ProviderFallback[] }
  | { type: 'result'; results: EmbedResult[] }
  | { type: 'failed'; message: string };
