import { ImportFailureError } from '../../importFailure.js';
import type { PixelModule } from '../pixelPipeline.js';

/** How far from a fragment's end its end marker may lie (padding). */
export const END_MARKER_SLACK = 4;

/** What a codec gives back for one frame, before it is fitted to the file's pixel module. */
export interface DecodedSamples {
  width: number;
  height: number;
  components: number;
  /** 1 or 2: bytes each sample takes in `data` (little-endian). */
  bytesPerSample: number;
  data: Uint8Array;
  /** Colour planes one after another rather than interleaved. */
  planar: boolean;
}

/** The reason a compressed frame is refused; `syntax` is the transfer syntax's name. */
export function undecodable(syntax: string, detail: string): ImportFailureError {
  return new ImportFailureError('corrupt', `A ${syntax} frame of the DICOM file cannot be decoded (${detail}); the file is damaged or truncated.`);
}

/** The message of whatever a codec threw (Emscripten throws bare numbers for C++ exceptions). */
export function codecMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'number' ? `the decoder stopped with code ${error}` : String(error);
}

/**
 * Every JPEG-family codestream (JPEG, JPEG-LS, JPEG 2000, HTJ2K) ends with the marker FF D9; a
 * fragment cut short has lost it. The check matters because some decoders (OpenJPEG, the JPEG
 * Lossless decoder) return a partial image from a truncated stream without an error. The marker
 * may be followed by padding to an even length (PS3.5 A.4), which some encoders write as a
 * repeated D9 rather than a zero (DCMTK 3.6.7's JPEG-LS), so it is looked for in the last bytes;
 * FF D9 cannot occur inside entropy-coded data, so finding it there is proof enough. Returns
 * where the marker starts.
 */
export function checkEndMarker(bytes: Uint8Array, syntax: string, frame?: number): number {
  for (let i = bytes.length - 2; i >= Math.max(0, bytes.length - END_MARKER_SLACK); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return i;
  }
  throw undecodable(syntax, `${frame ? `frame ${frame}'s` : 'its'} codestream has no end marker`);
}

/**
 * Decoded samples in the native layout the pixel module describes: the size and number of
 * samples must match the header; 8-bit samples in a 16-bit allocation are widened. Colour comes
 * back as the codec laid it out (planes or interleaved).
 */
export function fitToPixelModule(s: DecodedSamples, pm: PixelModule, syntax: string): { bytes: Uint8Array; pixel: PixelModule } {
  if (s.width !== pm.columns || s.height !== pm.rows) throw undecodable(syntax, `the image is ${s.width}×${s.height}, the header says ${pm.columns}×${pm.rows}`);
  if (s.components !== pm.samplesPerPixel) throw undecodable(syntax, `the image has ${s.components} samples per pixel, the header says ${pm.samplesPerPixel}`);
  const count = s.width * s.height * s.components;
  if (s.data.length !== count * s.bytesPerSample) throw undecodable(syntax, `the decoder gave ${s.data.length} bytes where ${count * s.bytesPerSample} are expected`);
  const allocated = pm.bitsAllocated / 8;
  if (s.bytesPerSample > allocated) throw undecodable(syntax, `its samples have more than ${pm.bitsAllocated} bits, the header's bits allocated`);
  let bytes = s.data;
  if (s.bytesPerSample < allocated) {
    const wide = new Uint16Array(count);
    wide.set(s.data);
    bytes = new Uint8Array(wide.buffer);
  }
  return { bytes, pixel: { ...pm, photometric: decodedPhotometric(pm.photometric), planarConfiguration: s.planar && s.components > 1 ? 1 : 0 } };
}

/**
 * What the codecs' colour output is: JPEG 2000 decoders undo the reversible or irreversible
 * colour transform (YBR_RCT, YBR_ICT) to RGB, and none of these codecs subsamples, so
 * YBR_FULL_422 comes back as full YBR.
 */
function decodedPhotometric(photometric: string): string {
  if (photometric === 'YBR_RCT' || photometric === 'YBR_ICT') return 'RGB';
  return photometric === 'YBR_FULL_422' ? 'YBR_FULL' : photometric;
}
