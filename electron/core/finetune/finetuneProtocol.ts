import type { ModelCard, ModelCardHead } from '../../../shared/models/modelCard.js';
import type { ResizePlan } from '../inference/resizePlan.js';
import type { SessionSpec } from '../inference/workerProtocol.js';
import type { HeadFitOptions, HeadFitResult } from './fitHead.js';

/** Which pool an image feeds: the old training data S0 or the counterexamples S(1..i). */
export type PixelSource = 'old' | 'new';

/** Opens the session (the model with its feature tensor as an extra output) and empty reservoirs. */
export interface FinetuneInit extends SessionSpec {
  type: 'init';
  card: ModelCard;
  head: ModelCardHead;
  /** Mask value (project class id, 255 ignore) → model class id, NO_LABEL where none. */
  lut: Uint8Array;
  /** Pixels kept per class and source. */
  capacity: number;
  seed: number;
  /** Tensor batch: a fixed graph batch is filled up to it with the one image in slot 0. */
  tensorBatch: number;
}

/** One image, already decoded and scaled for the model, with its reference mask at the original size. */
export interface FinetuneAdd {
  type: 'add';
  source: PixelSource;
  rgb: Uint8Array;
  plan: ResizePlan;
  mask: Uint8Array;
}

export interface FinetuneFit {
  type: 'fit';
  options: HeadFitOptions;
  weight: Float32Array;
  bias: Float32Array;
}

export type FinetuneRequest = FinetuneInit | FinetuneAdd | FinetuneFit;

export type FinetuneResponse =
  | { type: 'ready'; provider: string }
  | { type: 'added'; pixels: number; featureWidth: number; featureHeight: number }
  | { type: 'progress'; done: number; loss: number }
  | ({ type: 'fitted'; pools: { old: number; new: number } } & HeadFitResult)
  | { type: 'failed'; message: string };
