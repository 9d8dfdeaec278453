import type { ExecutionProvider, ProviderFallback } from '../../../shared/contract/domain.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { ImageResult } from '../store/predictions.js';
import type { DryRunReport } from '../models/importModel.js';
import type { ResizePlan } from './resizePlan.js';

/** Opens a session, trying the candidate providers in order. */
export interface SessionSpec {
  modelBytes: Uint8Array;
  /** Folder the model's external data files (initializers stored outside the .onnx) are read from: the model file's folder. */
  externalDataDir?: string | undefined;
  candidates: ExecutionProvider[];
  threads: number;
}

/** Dry run of a model being imported: load it and run one synthetic image. */
export interface ProbeRequest extends SessionSpec {
  type: 'probe';
  card: ModelCard;
  /** Batch size to run; the graph's fixed batch dimension, or 1. */
  batch: number;
}

/** A preview of a model being registered: load it and run one real image, already decoded at the model's size. */
export interface PreviewRequest extends SessionSpec {
  type: 'preview';
  card: ModelCard;
  batch: number;
  /** The image in slot 0 of the batch (the rest zeros); the plan's source size is the size of the label map to return. */
  item: Omit<BatchItem, 'imageId'>;
}

export interface InitRequest extends SessionSpec {
  type: 'init';
  card: ModelCard;
  /** Model class id → stored label (project class id or 255). */
  lut: Uint8Array;
  /** Length of the class-fractions vector (largest project class id + 1). */
  projectClassSlots: number;
  storeProbs: boolean;
  /** Tensor batch dimension: a fixed graph batch is filled up to this size. */
  tensorBatch: number | null;
}

export interface BatchItem {
  imageId: number;
  rgb: Uint8Array;
  plan: ResizePlan;
}

export interface RunRequest {
  type: 'run';
  id: number;
  items: BatchItem[];
}

/** The same batch, answered with each image's class probabilities instead of stored results. */
export interface ScoresRequest {
  type: 'scores';
  id: number;
  items: BatchItem[];
}

export type WorkerRequest = ProbeRequest | PreviewRequest | InitRequest | RunRequest | ScoresRequest;

export interface SessionOpened {
  provider: ExecutionProvider;
  fallbacks: ProviderFallback[];
}

/** A worker's dry run of a model: the report the registry checks a card against. */
export interface ProbeResponse extends DryRunReport {
  type: 'probed';
}

/** A preview: the dry-run report on the image and, when its output was readable and finite, the label map in the card's class ids. */
export interface PreviewResponse extends DryRunReport {
  type: 'previewed';
  /** zlib-deflated labels at the plan's source size, and the fraction of pixels per card class. */
  prediction: { labelMap: Uint8Array; classFractions: Float32Array } | null;
  runMs: number;
}

export interface ReadyResponse extends SessionOpened {
  type: 'ready';
}


export interface RunResponse {
  type: 'result';
  id: number;
  results: ImageResult[];
  /** Time spent in session.run, for the benchmark's ceiling. */
  runMs: number;
  /** Time the worker spent on the whole request (tensor, run, post-processing). */
  workMs: number;
}

/** One image's score map as probabilities (softmax of logits), channel-major, in the model's class ids. */
export type ScoreMapResult = { imageId: number; classes: number; h: number; w: number; probs: Float32Array } | { imageId: number; error: string };

export interface ScoresResponse {
  type: 'scores';
  id: number;
  results: ScoreMapResult[];
}

/** A failure that ends the worker's current request; `stage` says where. */
export interface FailedResponse {
  type: 'failed';
  stage: 'load' | 'run';
  message: string;
  id?: number;
}

export type WorkerResponse = ProbeResponse | PreviewResponse | ReadyResponse | RunResponse | ScoresResponse | FailedResponse;
