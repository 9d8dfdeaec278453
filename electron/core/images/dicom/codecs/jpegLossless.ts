import { createRequire } from 'node:module';
import { checkEndMarker, codecMessage, undecodable, type DecodedSamples } from './decodedSamples.js';

/** The part of jpeg-lossless-decoder-js's decoder used here (the package ships no types). */
interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, bytesPerSample: number): Uint8Array | Uint16Array;
  xDim: number;
  yDim: number;
  numComp: number;
  /** Where decoding stopped: short of the last row when the scan ended early. */
  yLoc: number;
}

const { Decoder } = createRequire(import.meta.url)('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder };

/**
 * One JPEG Lossless frame (Process 14, any predictor, including SV1; PS3.5 A.4.1) into samples of
 * `bytesPerSample` bytes, colour interleaved.
 */
export function decodeJpegLossless(bytes: Uint8Array, bytesPerSample: number, syntax: string): DecodedSamples {
  const stream = withLookAhead(bytes, checkEndMarker(bytes, syntax));
  const decoder = new Decoder();
  let out: Uint8Array | Uint16Array;
  try {
    out = decoder.decode(stream.buffer as ArrayBuffer, stream.byteOffset, stream.byteLength, bytesPerSample);
  } catch (error) {
    throw undecodable(syntax, codecMessage(error));
  }
  if (decoder.yLoc < decoder.yDim) throw undecodable(syntax, `its scan ends at row ${decoder.yLoc} of ${decoder.yDim}`);
  return {
    width: decoder.xDim,
    height: decoder.yDim,
    components: decoder.numComp,
    bytesPerSample,
    data: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
    planar: false,
  };
}

/** Zero bytes put before the end marker for the decoder to read ahead into. */
const LOOK_AHEAD = 2;

/**
 * The stream with LOOK_AHEAD zero bytes before its end marker (at `end`). The decoder reads 16 bits
 * ahead for each Huffman code, and when the last sample's code ends right at the marker it takes
 * the marker for the end of the scan and drops that sample (DCMTK's predictor 6 streams of flat
 * images end so). Bits after the last sample are never decoded, so the padding changes nothing else.
 */
function withLookAhead(bytes: Uint8Array, end: number): Uint8Array {
  const out = new Uint8Array(end + LOOK_AHEAD + 2);
  out.set(bytes.subarray(0, end));
  out.set([0xff, 0xd9], end + LOOK_AHEAD);
  return out;
}
