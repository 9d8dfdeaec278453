import type { ImportFailureCode } from '../../../../../shared/contract/domain.js';
import type { DecodedSamples } from './decodedSamples.js';

/** The codecs that run in the frame decoder thread (the synchronous WASM and JavaScript ones). */
export type ThreadCodec = 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000';

export interface DecodeRequest {
  id: number;
  codec: ThreadCodec;
  /** The frame's compressed bytes, transferred. */
  bytes: Uint8Array;
  /** What the JPEG Lossless decoder writes each sample as (the file's bits allocated / 8). */
  bytesPerSample: number;
  /** The transfer syntax's name, for the reason a frame is refused. */
  syntax: string;
}

export type DecodeReply = { id: number; samples: DecodedSamples } | { id: number; code: ImportFailureCode; reason: string };
