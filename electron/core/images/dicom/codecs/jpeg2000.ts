import { checkEndMarker, codecMessage, undecodable, type DecodedSamples } from './decodedSamples.js';
import { loadWasmCodec } from './loadWasmCodec.js';

/** The part of OpenJPEG's decoder (cornerstone's WASM build) used here. */
interface J2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete(): void;
}

interface OpenJpeg {
  J2KDecoder: new () => J2kDecoder;
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
  const decoder = new openjpeg.J2KDecoder();
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
      planar: false,
    };
  } catch (error) {
    throw undecodable(syntax, codecMessage(error));
  } finally {
    decoder.delete();
  }
}
