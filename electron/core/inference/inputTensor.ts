import type { ModelCardInput } from '../../../shared/models/modelCard.js';
import { toHalfArray } from '../../../shared/models/float16.js';
import type { ResizePlan } from './resizePlan.js';

export type InputEncoding = Pick<ModelCardInput, 'channelOrder' | 'layout' | 'scale' | 'mean' | 'std' | 'padColour'>;

/** Channels of the input tensor: one for 'grey', else three. */
export function inputChannels(input: Pick<ModelCardInput, 'channelOrder'>): number {
  return input.channelOrder === 'grey' ? 1 : 3;
}

export function inputDims(input: Pick<ModelCardInput, 'channelOrder' | 'layout' | 'width' | 'height'>, batch: number): number[] {
  const c = inputChannels(input);
  return input.layout === 'NCHW' ? [batch, c, input.height, input.width] : [batch, input.height, input.width, c];
}

/**
 * The values writeInputTensor computed, in the card's element type: float16 as half bit
 * patterns, uint8 as they are (the card requires the identity preprocessing for uint8, so the
 * values are already whole 0..255).
 */
export function inputTensorData(values: Float32Array, dataType: ModelCardInput['dataType']): { type: 'float32'; data: Float32Array } | { type: 'float16'; data: Uint16Array } | { type: 'uint8'; data: Uint8Array } {
  if (dataType === 'float16') return { type: 'float16', data: toHalfArray(values) };
  if (dataType === 'uint8') return { type: 'uint8', data: Uint8Array.from(values) };
  return { type: 'float32', data: values };
}

function luminance(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}

/**
 * Writes one image into slot `slot` of a float batch tensor (a 'grey' card: one luminance channel). `rgb` is the image already scaled
 * to plan.scaledW × plan.scaledH (packed RGB, 8-bit or a DICOM frame's raw values as floats); it is placed at the plan's offset, so
 * letterbox padding gets padColour and a crop keeps the centre. Each value is
 * (pixel · scale − mean[c]) / std[c] with c the tensor channel, in the card's channel order.
 */
export function writeInputTensor(rgb: Uint8Array | Float32Array, plan: ResizePlan, enc: InputEncoding, out: Float32Array, slot: number): void {
  const { inW, inH, scaledW, scaledH, offsetX, offsetY } = plan;
  if (rgb.length !== scaledW * scaledH * 3) throw new RangeError(`expected ${scaledW}×${scaledH} RGB pixels, got ${rgb.length / 3}`);
  const channels = inputChannels(enc);
  const grey = channels === 1;
  const pixels = inW * inH;
  const base = slot * channels * pixels;
  if (out.length < base + channels * pixels) throw new RangeError(`tensor too small for slot ${slot}`);
  // Tensor channel c reads source channel src[c]; k and m fold scale, mean and std into one multiply-add.
  const src = enc.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const k = [0, 1, 2].map((c) => enc.scale / enc.std[c]!);
  const m = [0, 1, 2].map((c) => enc.mean[c]! / enc.std[c]!);
  const padPixel = grey ? [luminance(enc.padColour[0], enc.padColour[1], enc.padColour[2])] : [0, 1, 2].map((c) => enc.padColour[src[c]!]!);
  const pad = padPixel.map((v, c) => v * k[c]! - m[c]!);
  const nchw = enc.layout === 'NCHW';
  const channelStride = nchw ? pixels : 1;
  const pixelStride = nchw ? 1 : channels;
  const x0 = Math.max(0, offsetX);
  const x1 = Math.min(inW, offsetX + scaledW);
  for (let y = 0; y < inH; y++) {
    const sy = y - offsetY;
    const rowInside = sy >= 0 && sy < scaledH;
    for (let c = 0; c < channels; c++) {
      const at = base + c * channelStride + y * inW * pixelStride;
      const kc = k[c]!;
      const mc = m[c]!;
      const padValue = pad[c]!;
      if (!rowInside) {
        for (let x = 0; x < inW; x++) out[at + x * pixelStride] = padValue;
        continue;
      }
      for (let x = 0; x < x0; x++) out[at + x * pixelStride] = padValue;
      if (grey) {
        let s = (sy * scaledW + (x0 - offsetX)) * 3;
        for (let x = x0; x < x1; x++, s += 3) out[at + x * pixelStride] = luminance(rgb[s]!, rgb[s + 1]!, rgb[s + 2]!) * kc - mc;
      } else {
        let s = (sy * scaledW + (x0 - offsetX)) * 3 + src[c]!;
        for (let x = x0; x < x1; x++, s += 3) out[at + x * pixelStride] = rgb[s]! * kc - mc;
      }
      for (let x = x1; x < inW; x++) out[at + x * pixelStride] = padValue;
    }
  }
}
