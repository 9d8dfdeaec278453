import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { DEFAULT_RESIZE_KERNEL } from '../../../shared/models/modelCard.js';
import { unpackValues, windowedGrey, type VoiWindow } from '../../../shared/dicom/window.js';
import { SHARP_KERNEL, type DecodeTarget } from './decodeImage.js';
import { planResize, type ResizePlan } from './resizePlan.js';

/** What a worker needs to give a model a DICOM frame by its card's windowing rule (BatchImage.dicom). */
export interface DicomModelInput {
  /** Absolute path of the frame's 16-bit values file. */
  valuesPath: string;
  offset: number;
  scale: number;
  /** MONOCHROME1: a window shows the minimum white. Raw values are given as they are. */
  invert: boolean;
  /** The window to render through, or 'raw' for the modality values themselves (a float input). */
  window: VoiWindow | 'raw';
}

/**
 * Grey samples resized bilinearly (pixel centres aligned, as libvips does): raw modality values
 * are floats, which the 8-bit libvips pipeline cannot carry.
 */
export function resizeGreyBilinear(values: Float32Array, w: number, h: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  const sx = w / outW;
  const sy = h / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = values[y0 * w + x0]! * (1 - tx) + values[y0 * w + x1]! * tx;
      const bottom = values[y1 * w + x0]! * (1 - tx) + values[y1 * w + x1]! * tx;
      out[y * outW + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

/**
 * A DICOM frame for a model from its kept modality values: through the card's window to 8-bit
 * grey and then the same libvips resize as any image, or (raw) the values themselves resized as
 * floats, each repeated in the three channels the tensor writer reads.
 */
export async function decodeDicomForModel(dicom: DicomModelInput, size: { width: number; height: number }, input: DecodeTarget): Promise<{ rgb: Uint8Array | Float32Array; plan: ResizePlan }> {
  const bytes = await readFile(dicom.valuesPath);
  if (bytes.length !== size.width * size.height * 2) throw new Error(`the frame's values file holds ${bytes.length / 2} values, not ${size.width}×${size.height}`);
  const values = unpackValues(bytes, dicom);
  const plan = planResize(size.width, size.height, input.width, input.height, input.resize);
  if (dicom.window === 'raw') {
    const scaled = resizeGreyBilinear(values, size.width, size.height, plan.scaledW, plan.scaledH);
    const rgb = new Float32Array(scaled.length * 3);
    for (let i = 0; i < scaled.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = scaled[i]!;
    return { rgb, plan };
  }
  const grey = windowedGrey(values, dicom.window, dicom.invert);
  const { data } = await sharp(grey, { raw: { width: size.width, height: size.height, channels: 1 } })
    .resize(plan.scaledW, plan.scaledH, { fit: 'fill', kernel: SHARP_KERNEL[input.kernel ?? DEFAULT_RESIZE_KERNEL] })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), plan };
}
