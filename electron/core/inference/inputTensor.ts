import type { ModelCardInput } from '../../../shared/models/modelCard.js';
import type { ResizePlan } from './resizePlan.js';

export type InputEncoding = Pick<ModelCardInput, 'channelOrder' | 'layout' | 'scale' | 'mean' | 'std' | 'padColour'>;

/**
 * Writes one image into slot `slot` of a float batch tensor. `rgb` is the image already scaled
 * to plan.scaledW × plan.scaledH (packed 8-bit RGB); it is placed at the plan's offset, so
 * letterbox padding gets padColour and a crop keeps the centre. Each value is
 * (pixel · scale − mean[c]) / std[c] with c the tensor channel, in the card's channel order.
 */
export function writeInputTensor(rgb: Uint8Array, plan: ResizePlan, enc: InputEncoding, out: Float32Array, slot: number): void {
  const { inW, inH, scaledW, scaledH, offsetX, offsetY } = plan;
  if (rgb.length !== scaledW * scaledH * 3) throw new RangeError(`expected ${scaledW}×${scaledH} RGB pixels, got ${rgb.length / 3}`);
  const pixels = inW * inH;
  const base = slot * 3 * pixels;
  if (out.length < base + 3 * pixels) throw new RangeError(`tensor too small for slot ${slot}`);
  // Tensor channel c reads source channel src[c]; k and m fold scale, mean and std into one multiply-add.
  const src = enc.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const k = [0, 1, 2].map((c) => enc.scale / enc.std[c]!);
  const m = [0, 1, 2].map((c) => enc.mean[c]! / enc.std[c]!);
  const pad = [0, 1, 2].map((c) => enc.padColour[src[c]!]! * k[c]! - m[c]!);
  const nchw = enc.layout === 'NCHW';
  const channelStride = nchw ? pixels : 1;
  const pixelStride = nchw ? 1 : 3;
  const x0 = Math.max(0, offsetX);
  const x1 = Math.min(inW, offsetX + scaledW);
  for (let y = 0; y < inH; y++) {
    const sy = y - offsetY;
    const rowInside = sy >= 0 && sy < scaledH;
    for (let c = 0; c < 3; c++) {
      const at = base + c * channelStride + y * inW * pixelStride;
      const kc = k[c]!;
      const mc = m[c]!;
      const padValue = pad[c]!;
      if (!rowInside) {
        for (let x = 0; x < inW; x++) out[at + x * pixelStride] = padValue;
        continue;
      }
      for (let x = 0; x < x0; x++) out[at + x * pixelStride] = padValue;
      let s = (sy * scaledW + (x0 - offsetX)) * 3 + src[c]!;
      for (let x = x0; x < x1; x++, s += 3) out[at + x * pixelStride] = rgb[s]! * kc - mc;
      for (let x = x1; x < inW; x++) out[at + x * pixelStride] = padValue;
    }
  }
}
