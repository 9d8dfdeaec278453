import type { AssistFormat } from '../../../shared/assist/assistCard.js';
import type { AssistFrame } from '../../../shared/assist/assistFrame.js';
import type { AssistPrompt } from '../../../shared/assist/assistPrompt.js';
import type { ExecutionProvider } from '../../../shared/contract/domain.js';
import type { MaskCrop } from '../../../shared/assist/maskCrop.js';
import type { ExitRequest } from '../workers/serveRequests.js';
import type { Embedding, Signature } from './assistAdapters.js';

/** Opens one of a model's two graphs: encoders and decoders run in workers of their own, so a click never waits for an image. */
export interface AssistInit {
  type: 'init';
  role: 'encoder' | 'decoder';
  format: AssistFormat;
  modelPath: string;
  candidates: ExecutionProvider[];
  threads: number;
}

/**
 * The image file's bytes, decoded and scaled to frame.scaledW × frame.scaledH by the encoder's own
 * process (low priority, held still by clicks, killed by Cancel: not the host's cores, which
 * clicks need); `pairs` names which outputs form the embedding.
 */
export interface EncodeRequest {
  type: 'encode';
  bytes: Uint8Array;
  frame: AssistFrame;
  pairs: Array<[string, string]>;
}

/** The decoder's image from now on (its previous click's logits are dropped). */
export interface SetImageRequest {
  type: 'setImage';
  key: string;
  embedding: Embedding;
  frame: AssistFrame;
}

/**
 * One click's decode. `seed` fills the mask input where the format takes one: 'previous' with
 * the last decode's logits (SAM's iterative refinement), a region (1 inside, the image's size)
 * to refine an existing mask, or nothing.
 */
export interface DecodeRequest {
  type: 'decode';
  key: string;
  prompt: AssistPrompt;
  seed: 'none' | 'previous' | { region: Uint8Array };
}

/**
 * Dry runs of a decoder: a zero embedding of the declared shapes and `clicks` decodes on a small
 * frame, the k-th with k points (one checks the decoder; more warm it up for the user's clicks).
 */
export interface ProbeDecoderRequest {
  type: 'probe';
  pairs: Array<[string, string]>;
  clicks: number;
}

/** The whole mask of the latest decode of image `key`, at every pixel (its preview may have been scaled down). */
export interface FullMaskRequest {
  type: 'fullMask';
  key: string;
}

export type AssistRequest = AssistInit | EncodeRequest | SetImageRequest | DecodeRequest | ProbeDecoderRequest | FullMaskRequest | ExitRequest;

export type AssistResponse =
  | { type: 'ready'; signature: Signature; provider: ExecutionProvider; problems: string[] }
  /** `source` is the size the file decoded at (oriented), for the host to check against the image's record. */
  | { type: 'encoded'; embedding: Embedding; ms: number; source: { width: number; height: number } }
  | { type: 'ok' }
  /**
   * `mask` is the object's crop as the wire carries it (null for an empty mask), packed here so the
   * host's event loop only passes it on. `ms` is the whole decode; `runMs` the session's run and
   * `packMs` the packing within it.
   */
  | { type: 'decoded'; mask: MaskCrop | null; score: number; ms: number; runMs: number; packMs: number }
  | { type: 'fullMask'; mask: MaskCrop | null }
  | { type: 'failed'; message: string };
