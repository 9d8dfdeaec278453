import type { ModelCard } from '../../../shared/models/modelCard.js';
import type { ResizePlan } from '../inference/resizePlan.js';
import type { SessionSpec } from '../inference/workerProtocol.js';
import type { ExitRequest } from '../workers/serveRequests.js';
import type { TailFitOptions, TailFitResult, TailLayer } from './fitTail.js';
import type { GridPoint } from './learningRateGrid.js';

/** Which pool an image feeds: the old training data S0, the counterexamples S(1..i), or the validation images (T0, or held-out S0). */
export type PixelSource = 'old' | 'new' | 'validation';

/** Opens the session (the model with its feature tensor as an extra output) and empty reservoirs. */
export interface FinetuneInit extends SessionSpec {
  type: 'init';
  card: ModelCard;
  /** The tensor feeding the refitted layers, and its channels; a graph input is read from the input tensor. */
  features: { tensor: string; channels: number };
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

/** Fits the layers once per rate of the grid (multiples of options.learningRate), early-stopped on the validation pool. */
export interface FinetuneFit {
  type: 'fit';
  options: TailFitOptions;
  layers: TailLayer[];
  grid: number[];
  /** Iterations between validation checks, and checks without a better mIoU before a fit stops. */
  check: { every: number; patience: number };
}

export type FinetuneRequest = FinetuneInit | FinetuneAdd | FinetuneFit | ExitRequest;

export type FinetuneResponse =
  | { type: 'ready'; provider: string }
  | { type: 'added'; pixels: number; featureWidth: number; featureHeight: number }
  | { type: 'progress'; step: number; done: number; loss: number }
  | ({ type: 'fitted'; pools: { old: number; new: number; validation: number }; learningRate: number; grid: GridPoint[] } & TailFitResult)
  | { type: 'failed'; message: string };
