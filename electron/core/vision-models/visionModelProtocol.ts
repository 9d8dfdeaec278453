import type { VisionModelKind } from '../../../shared/models/visionModels.js';
import type { ExitRequest } from '../workers/serveRequests.js';
import type { EncoderType } from './visionModelFolders.js';

/** Loads one model folder with transformers.js, from the local folder only. */
export interface VisionInit {
  type: 'init';
  /** The project's models/ folder: transformers.js resolves `name` inside it. */
  modelsDir: string;
  name: string;
  kind: VisionModelKind;
  /** Which towers to load (image encoders; null for captioners). */
  modelType: EncoderType | null;
  /** Load the text tower too (image encoders with one). */
  text: boolean;
  dtype: string;
  /** transformers.js cache folder, in the user data folder. */
  cacheDir: string;
  /** transformers.js devices to try in order; 'cpu' always closes the list. */
  devices: string[];
  threads: number;
}

export interface VisionImage {
  key: number;
  /** Packed 8-bit RGB. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface EmbedImagesRequest {
  type: 'embedImages';
  items: VisionImage[];
}

export interface EmbedTextsRequest {
  type: 'embedTexts';
  texts: string[];
}

export interface CaptionRequest {
  type: 'caption';
  items: VisionImage[];
  maxNewTokens: number;
}

export type VisionRequest = VisionInit | EmbedImagesRequest | EmbedTextsRequest | CaptionRequest | ExitRequest;

export type VectorResult = { key: number; vector: Float32Array } | { key: number; error: string };
export type CaptionResult = { key: number; text: string } | { key: number; error: string };

export type VisionResponse =
  | { type: 'ready'; device: string; fallbacks: string[] }
  | { type: 'vectors'; results: VectorResult[] }
  | { type: 'captions'; results: CaptionResult[] }
  | { type: 'failed'; message: string };
