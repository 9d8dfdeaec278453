import { ImportFailureError } from '../importFailure.js';
import type { PixelModule } from './pixelPipeline.js';

function corrupt(detail: string): ImportFailureError {
  return new ImportFailureError('corrupt', `An RLE Lossless frame of the DICOM file is damaged (${detail}).`);
}

/** One PackBits segment (PS3.5 G.3.1) into `out` at every `stride`-th byte from `start`. */
function unpackSegment(src: Uint8Array, from: number, to: number, out: Uint8Array, start: number, stride: number, count: number): void {
  let i = from;
  let n = 0;
  const put = (b: number) => {
    if (n < count) out[start + n * stride] = b;
    n++;
  };
  while (i < to && n < count) {
    const h = src[i++]!;
    if (h < 128) {
      for (let k = 0; k <= h && i < to; k++) put(src[i++]!);
    } else if (h > 128) {
      const b = src[i++]!;
      for (let k = 0; k < 257 - h; k++) put(b);
    }
  }
  if (n < count) throw corrupt(`a segment gives ${n} of ${count} bytes`);
}

/**
 * Decodes an RLE Lossless frame (PS3.5 Annex G) into the native layout: little-endian samples,
 * colour interleaved (planar configuration 0). Segments come most significant byte first, one per
 * byte of each sample.
 */
export function decodeRleFrame(src: Uint8Array, pm: PixelModule): Uint8Array {
  if (src.length < 64) throw corrupt('the header is shorter than 64 bytes');
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = pm.bitsAllocated / 8;
  const expected = pm.samplesPerPixel * bytesPerSample;
  if (segments !== expected) throw corrupt(`it has ${segments} segments where ${expected} are expected`);
  const pixels = pm.rows * pm.columns;
  const out = new Uint8Array(pixels * expected);
  for (let s = 0; s < segments; s++) {
    const from = view.getUint32(4 + 4 * s, true);
    const to = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : src.length;
    if (from < 64 || from > to || to > src.length) throw corrupt(`segment ${s + 1} lies outside the frame`);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    unpackSegment(src, from, to, out, sample * bytesPerSample + byteInSample, expected, pixels);
  }
  return out;
}
