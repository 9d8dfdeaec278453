import type { ModelCardEmbedding } from '../../../shared/models/modelCard.js';
import { halfToFloat } from '../../../shared/models/float16.js';
import { contentRegion, type ResizePlan } from './resizePlan.js';

/** A rank-4 float tensor as onnxruntime gives it (float16 as uint16 bit patterns). */
export interface FeatureMap {
  type: string;
  data: ArrayLike<number | bigint>;
  dims: readonly number[];
}

/** Why a tensor cannot be pooled as an embedding of `batch` images under `layout`; null when it can. */
export function featureMapProblem(map: Pick<FeatureMap, 'type' | 'dims'>, layout: ModelCardEmbedding['layout'], batch: number): string | null {
  if (map.type !== 'float32' && map.type !== 'float16') return `is ${map.type}, not float32 or float16`;
  if (map.dims.length !== 4) return `has shape ${map.dims.join('×')} (rank ${map.dims.length}), not a rank-4 ${layout} feature map`;
  if (map.dims[0]! < batch) return `has a batch of ${map.dims[0]} for ${batch} images`;
  return null;
}

/**
 * Image `index`'s embedding: the mean of each channel of its feature map over the cells whose
 * centres fall on the image (letterbox padding left out, as for the scores), at whatever
 * resolution the map has. The vector is as long as the map has channels; float32 always.
 */
export function poolFeatureMap(map: FeatureMap, layout: ModelCardEmbedding['layout'], index: number, plan: ResizePlan): Float32Array {
  const [, a, b, c] = map.dims as [number, number, number, number];
  const [channels, h, w] = layout === 'NCHW' ? [a, b, c] : [c, a, b];
  const pixels = h * w;
  const size = channels * pixels;
  // float32 is read in place; a float16 image is widened once, so the loops below see plain numbers.
  const data = map.type === 'float16' ? Float32Array.from({ length: size }, (_, i) => halfToFloat(Number(map.data[index * size + i]))) : (map.data as Float32Array);
  const base = map.type === 'float16' ? 0 : index * size;
  const region = contentRegion(plan, w, h);
  const sums = new Float64Array(channels);
  // Each layout walks its memory in order: a plane per channel, or a pixel's channels together.
  if (layout === 'NCHW') {
    for (let ch = 0; ch < channels; ch++) {
      const plane = base + ch * pixels;
      let sum = 0;
      for (let y = region.y0; y < region.y1; y++) {
        const row = plane + y * w;
        for (let x = region.x0; x < region.x1; x++) sum += data[row + x]!;
      }
      sums[ch] = sum;
    }
  } else {
    for (let y = region.y0; y < region.y1; y++) {
      for (let x = region.x0; x < region.x1; x++) {
        const at = base + (y * w + x) * channels;
        for (let ch = 0; ch < channels; ch++) sums[ch] = sums[ch]! + data[at + ch]!;
      }
    }
  }
  const count = Math.max(1, (region.x1 - region.x0) * (region.y1 - region.y0));
  return Float32Array.from(sums, (s) => s / count);
}
