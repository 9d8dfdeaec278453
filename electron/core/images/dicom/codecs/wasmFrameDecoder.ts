import { codecMessage, undecodable, type DecodedSamples } from './decodedSamples.js';

/** What cornerstone's WASM decoders (CharLS, OpenJPEG) share: one frame in, its samples out, freed by hand. */
export interface WasmFrameDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete(): void;
}

/**
 * One frame through a WASM decoder. Its memory lives in the WASM heap, so the decoder is deleted
 * after each frame and the samples are copied out first.
 */
export function decodeWithWasm<D extends WasmFrameDecoder>(decoder: D, bytes: Uint8Array, syntax: string, planar: (decoder: D) => boolean): DecodedSamples {
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
      planar: planar(decoder),
    };
  } catch (error) {
    throw undecodable(syntax, codecMessage(error));
  } finally {
    decoder.delete();
  }
}
