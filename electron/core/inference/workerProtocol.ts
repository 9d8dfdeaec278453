import type { ExecutionProvider, ProviderFallback } from '../../../shared/contract/domain.js';
import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { ImageResult } from '../store/predictions.js';
import type { DryRunReport } from '../models/importModel.js';
import type { DicomModelInput } from './decodeDicomFrame.js';
import type { ResizePlan } from './resizePlan.js';
import type { PredictionSource, RemoteTarget } from '../remote/remoteTarget.js';
import type { ExitRequest } from '../workers/serveRequests.js';

/** Opens a session, trying the candidate providers in order. */
export interface SessionSpec {
  modelBytes: Uint8Array;
  /** Folder the model's external data files (initializers stored outside the .onnx) are read from: the model file's folder. */
  externalDataDir?: string | undefined;
  candidates: ExecutionProvider[];
  threads: number;
  /** A model served over the Open Inference Protocol: tensors go there instead of to a session here (modelBytes is then empty). */
  remote?: RemoteTarget | undefined;
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
  item: { rgb: Uint8Array | Float32Array; plan: ResizePlan };
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

/** An image of a batch: the worker decodes its file itself. */
export interface BatchImage {
  imageId: number;
  /** Absolute path of the file. */
  path: string;
  /** As the project names it, for messages. */
  relPath: string;
  /** The size recorded at import (after EXIF orientation); null when the import could not tell. */
  size: { width: number; height: number } | null;
  /** A DICOM frame whose model card has a windowing rule: read from its values, not its stored image. */
  dicom?: DicomModelInput;
}

/** An image that was not run: refused (recorded against it), or left for the next run (`retry`, "images/a.jpg: ENOENT (…)"). */
export type DecodeOutcome = { imageId: number; error: string } | { imageId: number; retry: string };

export interface RunRequest {
  type: 'run';
  id: number;
  images: BatchImage[];
  /** The replica of a remote model to send this batch to. */
  endpoint?: number | undefined;
}

/** The same batch, answered with each image's class probabilities instead of stored results. */
export interface ScoresRequest {
  type: 'scores';
  id: number;
  images: BatchImage[];
}

export type WorkerRequest = ProbeRequest | PreviewRequest | InitRequest | RunRequest | ScoresRequest | ExitRequest;

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


/** A run's result for one image; a prediction also says the size the file decoded to (for images imported without one). */
export type RunResult = (ImageResult & { imageSize?: { width: number; height: number } }) | { imageId: number; retry: string };

export interface RunResponse {
  type: 'result';
  id: number;
  results: RunResult[];
  /** Time spent decoding files (summed over images), for the benchmark. */
  decodeMs: number;
  /** Time spent in session.run, for the benchmark's ceiling. */
  runMs: number;
  /** Time the worker spent on the whole request (tensor, run, post-processing). */
  workMs: number;
  /** The replica and served version that computed a remote model's batch; null for a local session. */
  source: PredictionSource | null;
}

/** A remote model's replica could not run the batch even after retries: nothing is recorded, the host sends it elsewhere. */
export interface UnavailableResponse {
  type: 'unavailable';
  id: number;
  message: string;
}

/** One image's score map as probabilities (softmax of logits), channel-major, in the model's class ids, and where the image sits in it. */
export type ScoreMapResult = { imageId: number; classes: number; h: number; w: number; probs: Float32Array; plan: ResizePlan } | DecodeOutcome;

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

export type WorkerResponse = ProbeResponse | PreviewResponse | ReadyResponse | RunResponse | ScoresResponse | FailedResponse | UnavailableResponse;
