import { checkEndMarker, codecMessage, undecodable, type DecodedSamples } from './decodedSamples.js';
import { loadWasmCodec } from './loadWasmCodec.js';

/** The part of CharLS's decoder (cornerstone's WASM build) used here. */
interface JpegLsDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  /** 0: planes one after another; 1 (line) and 2 (sample): interleaved. */
  getInterleaveMode(): number;
  delete(): void;
}

interface CharLs {
  JpegLSDecoder: new () => JpegLsDecoder;
}

/**
 * One JPEG-LS frame (lossless or near-lossless, PS3.5 A.4.3) through CharLS. The decoder lives in
 * WASM memory, so it is deleted after each frame and the decoded samples are copied out first.
 */
export async function decodeJpegLs(bytes: Uint8Array, syntax: string): Promise<DecodedSamples> {
  checkEndMarker(bytes, syntax);
  const charls = await loadWasmCodec<CharLs>('@cornerstonejs/codec-charls/decodewasmjs');
  const decoder = new charls.JpegLSDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    return {
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bytesPerSample: info.bitsPerSample <= 8 ? 1 : 2,
      data: decoder.getDecodedBuffer().slice(),
      planar: decoder.getInterleaveMode() === 0,
    };
  } catch (error) {
    throw undecodable(syntax, codecMessage(error));
  } finally {
    decoder.delete();
  }
}
