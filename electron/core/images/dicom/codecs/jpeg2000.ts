import { checkEndMarker, type DecodedSamples } from './decodedSamples.js';
import { loadWasmCodec } from './loadWasmCodec.js';
import { decodeWithWasm, type WasmFrameDecoder } from './wasmFrameDecoder.js';

/** OpenJPEG's decoder (cornerstone's WASM build). */
interface OpenJpeg {
  J2KDecoder: new () => WasmFrameDecoder;
}

/**
 * One JPEG 2000 frame (PS3.5 A.4.4) through OpenJPEG, which also reads High-Throughput JPEG 2000
 * (A.4.11) codestreams. OpenJPEG undoes any multi-component transform, so colour comes back as
 * interleaved RGB; signed samples come back as two's complement, which the pixel pipeline masks
 * to bits stored and sign-extends.
 */
export async function decodeJpeg2000(bytes: Uint8Array, syntax: string): Promise<DecodedSamples> {
  // OpenJPEG decodes what it can of a cut codestream without an error: the end marker tells.
  checkEndMarker(bytes, syntax);
  const openjpeg = await loadWasmCodec<OpenJpeg>('@cornerstonejs/codec-openjpeg/decodewasmjs');
  return decodeWithWasm(new openjpeg.J2KDecoder(), bytes, syntax, () => false);
}
