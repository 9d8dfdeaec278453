import { checkEndMarker, type DecodedSamples } from './decodedSamples.js';
import { loadWasmCodec } from './loadWasmCodec.js';
import { decodeWithWasm, type WasmFrameDecoder } from './wasmFrameDecoder.js';

/** CharLS's decoder (cornerstone's WASM build). */
interface JpegLsDecoder extends WasmFrameDecoder {
  /** 0: planes one after another; 1 (line) and 2 (sample): interleaved. */
  getInterleaveMode(): number;
}

interface CharLs {
  JpegLSDecoder: new () => JpegLsDecoder;
}

/** One JPEG-LS frame (lossless or near-lossless, PS3.5 A.4.3) through CharLS. */
export async function decodeJpegLs(bytes: Uint8Array, syntax: string): Promise<DecodedSamples> {
  checkEndMarker(bytes, syntax);
  const charls = await loadWasmCodec<CharLs>('@cornerstonejs/codec-charls/decodewasmjs');
  return decodeWithWasm(new charls.JpegLSDecoder(), bytes, syntax, (decoder) => decoder.getInterleaveMode() === 0);
}
