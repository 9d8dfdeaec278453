import { windowedGrey, type VoiWindow } from '../../../../shared/dicom/window.js';
import { ImportFailureError } from '../importFailure.js';

/** The Image Pixel module of a file, as the pipeline needs it (PS3.3 C.7.6.3). */
export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 1: stored values are two's complement. */
  pixelRepresentation: number;
  /** 1: colour planes one after another (RRR…GGG…BBB…). */
  planarConfiguration: number;
  frames: number;
}

/** Stored value → modality value (e.g. Hounsfield units): a rescale line or a lookup table. */
export type ModalityTransform =
  | { kind: 'rescale'; slope: number; intercept: number }
  | { kind: 'lut'; firstMapped: number; data: number[] };

const MONOCHROME = new Set(['MONOCHROME1', 'MONOCHROME2']);
// YBR_RCT and YBR_ICT occur only in JPEG 2000 files, whose decoder gives RGB back.
const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_RCT', 'YBR_ICT']);

function unsupported(what: string): ImportFailureError {
  return new ImportFailureError('unsupported', `${what}; Faultline reads MONOCHROME1/2 with 8 or 16 bits allocated, and 8-bit RGB, YBR_FULL and YBR_FULL_422.`);
}

/** Refuses what the pipeline cannot render, naming it, before any frame is read. */
export function checkPixelModule(pm: PixelModule): void {
  if (pm.rows <= 0 || pm.columns <= 0) throw new ImportFailureError('corrupt', `The DICOM file gives an image size of ${pm.columns}×${pm.rows}.`);
  if (pm.frames <= 0) throw new ImportFailureError('corrupt', `The DICOM file gives ${pm.frames} frames.`);
  if (MONOCHROME.has(pm.photometric)) {
    if (pm.samplesPerPixel !== 1) throw unsupported(`${pm.photometric} with ${pm.samplesPerPixel} samples per pixel`);
    if (pm.bitsAllocated !== 8 && pm.bitsAllocated !== 16) throw unsupported(`${pm.bitsAllocated} bits allocated`);
    if (pm.bitsStored < 1 || pm.bitsStored > pm.bitsAllocated || pm.highBit < pm.bitsStored - 1 || pm.highBit >= pm.bitsAllocated) {
      throw new ImportFailureError('corrupt', `The DICOM file's bits stored (${pm.bitsStored}) and high bit (${pm.highBit}) do not fit in ${pm.bitsAllocated} bits allocated.`);
    }
    return;
  }
  if (COLOUR.has(pm.photometric)) {
    if (pm.samplesPerPixel !== 3 || pm.bitsAllocated !== 8) throw unsupported(`${pm.photometric} with ${pm.samplesPerPixel} samples of ${pm.bitsAllocated} bits`);
    return;
  }
  throw unsupported(`The photometric interpretation ${pm.photometric || '(none)'} is not supported`);
}

/** Bytes one uncompressed frame takes in the pixel data. */
export function frameBytes(pm: PixelModule): number {
  const pixels = pm.rows * pm.columns;
  if (pm.photometric === 'YBR_FULL_422') return pixels * 2;
  return pixels * pm.samplesPerPixel * (pm.bitsAllocated / 8);
}

/** Stored values of a monochrome frame: masked to bits stored below the high bit, sign-extended when signed. */
export function storedValues(frame: Uint8Array, pm: PixelModule): Int32Array {
  const n = pm.rows * pm.columns;
  const out = new Int32Array(n);
  const shift = pm.highBit + 1 - pm.bitsStored;
  const mask = pm.bitsStored >= 32 ? 0xffffffff : (1 << pm.bitsStored) - 1;
  const signBit = 1 << (pm.bitsStored - 1);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  for (let i = 0; i < n; i++) {
    const raw = pm.bitsAllocated === 16 ? view.getUint16(2 * i, true) : frame[i]!;
    let v = (raw >>> shift) & mask;
    if (pm.pixelRepresentation === 1 && v & signBit) v -= 1 << pm.bitsStored;
    out[i] = v;
  }
  return out;
}

/** Modality values (PS3.3 C.11.1): a LUT clamps to its first and last entries outside its range. */
export function modalityValues(stored: Int32Array, transform: ModalityTransform): Float32Array {
  const out = new Float32Array(stored.length);
  if (transform.kind === 'rescale') {
    for (let i = 0; i < stored.length; i++) out[i] = stored[i]! * transform.slope + transform.intercept;
    return out;
  }
  const { data, firstMapped } = transform;
  const last = data.length - 1;
  for (let i = 0; i < stored.length; i++) {
    const index = Math.min(last, Math.max(0, stored[i]! - firstMapped));
    out[i] = data[index]!;
  }
  return out;
}

/** The window spanning a frame's values, for files that carry none. */
export function fullRangeWindow(values: Float32Array): VoiWindow {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return { center: 0, width: 1, function: 'LINEAR_EXACT' };
  return { center: (min + max) / 2, width: Math.max(max - min, 1), function: 'LINEAR_EXACT', name: 'full range' };
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** YBR_FULL to RGB (PS3.3 C.7.6.3.1.2). */
function ybrToRgb(y: number, cb: number, cr: number, out: Uint8Array, o: number): void {
  out[o] = clampByte(y + 1.402 * (cr - 128));
  out[o + 1] = clampByte(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
  out[o + 2] = clampByte(y + 1.772 * (cb - 128));
}

/** An 8-bit colour frame as interleaved RGB, whatever its planar configuration and colour model. */
export function rgbFrame(frame: Uint8Array, pm: PixelModule): Uint8Array {
  const n = pm.rows * pm.columns;
  const out = new Uint8Array(n * 3);
  if (pm.photometric === 'YBR_FULL_422') {
    // Two horizontally adjacent pixels share Cb and Cr: Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2).
    for (let p = 0; p < n; p += 2) {
      const o = p * 2;
      const cb = frame[o + 2]!;
      const cr = frame[o + 3]!;
      ybrToRgb(frame[o]!, cb, cr, out, p * 3);
      if (p + 1 < n) ybrToRgb(frame[o + 1]!, cb, cr, out, (p + 1) * 3);
    }
    return out;
  }
  const sample = (i: number, s: number): number => (pm.planarConfiguration === 1 ? frame[s * n + i]! : frame[i * 3 + s]!);
  for (let i = 0; i < n; i++) {
    if (pm.photometric === 'YBR_FULL') ybrToRgb(sample(i, 0), sample(i, 1), sample(i, 2), out, i * 3);
    else for (let s = 0; s < 3; s++) out[i * 3 + s] = sample(i, s);
  }
  return out;
}

export interface RenderedFrame {
  channels: 1 | 3;
  data: Uint8Array;
  /** The window the grey frame was shown through; null for colour. */
  window: VoiWindow | null;
  /** The grey frame's modality values (what the window was applied to); null for colour. */
  values: Float32Array | null;
}

/** A frame as people and models see it by default: the file's first window, or its full range. */
export function renderFrame(frame: Uint8Array, pm: PixelModule, modality: ModalityTransform, windows: readonly VoiWindow[]): RenderedFrame {
  if (!MONOCHROME.has(pm.photometric)) return { channels: 3, data: rgbFrame(frame, pm), window: null, values: null };
  const values = modalityValues(storedValues(frame, pm), modality);
  const window = windows[0] ?? fullRangeWindow(values);
  return { channels: 1, data: windowedGrey(values, window, pm.photometric === 'MONOCHROME1'), window, values };
}
