import { describe, expect, it } from 'vitest';
import { toHalfArray } from '../../../shared/models/float16.js';
import { featureMapProblem, poolFeatureMap } from '../../../electron/core/inference/poolFeatureMap.js';
import { planResize } from '../../../electron/core/inference/resizePlan.js';

/** Two images of a 3-channel 4×4 map: value = 100·image + 10·channel + row. */
function nchw(): Float32Array {
  const data = new Float32Array(2 * 3 * 16);
  for (let i = 0; i < 2; i++) for (let c = 0; c < 3; c++) for (let p = 0; p < 16; p++) data[(i * 3 + c) * 16 + p] = 100 * i + 10 * c + Math.floor(p / 4);
  return data;
}

function toNhwc(data: Float32Array): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < 2; i++) for (let c = 0; c < 3; c++) for (let p = 0; p < 16; p++) out[(i * 16 + p) * 3 + c] = data[(i * 3 + c) * 16 + p]!;
  return out;
}

describe('an embedding pooled from a feature map', () => {
  const stretch = planResize(8, 8, 8, 8, 'stretch');

  it('is each channel mean of the image in the batch, the same in NCHW and NHWC', () => {
    const first = poolFeatureMap({ type: 'float32', data: nchw(), dims: [2, 3, 4, 4] }, 'NCHW', 1, stretch);
    expect(Array.from(first)).toEqual([101.5, 111.5, 121.5]);
    const last = poolFeatureMap({ type: 'float32', data: toNhwc(nchw()), dims: [2, 4, 4, 3] }, 'NHWC', 1, stretch);
    expect(Array.from(last)).toEqual(Array.from(first));
  });

  it('leaves out the cells over letterbox padding, and reads float16', () => {
    // A 8×4 image letterboxed into 8×8: it covers rows 2..5 of the input, rows 1..2 of the 4×4 map.
    const wide = planResize(8, 4, 8, 8, 'letterbox');
    const pooled = poolFeatureMap({ type: 'float16', data: toHalfArray(nchw()), dims: [2, 3, 4, 4] }, 'NCHW', 0, wide);
    expect(Array.from(pooled)).toEqual([1.5, 11.5, 21.5]);
  });

  it('names what is wrong with a tensor that cannot be pooled', () => {
    expect(featureMapProblem({ type: 'int64', dims: [1, 3, 4, 4] }, 'NCHW', 1)).toBe('is int64, not float32 or float16');
    expect(featureMapProblem({ type: 'float32', dims: [1, 3] }, 'NCHW', 1)).toBe('has shape 1×3 (rank 2), not a rank-4 NCHW feature map');
    expect(featureMapProblem({ type: 'float32', dims: [1, 3, 4, 4] }, 'NCHW', 2)).toBe('has a batch of 1 for 2 images');
    expect(featureMapProblem({ type: 'float16', dims: [2, 3, 4, 4] }, 'NHWC', 2)).toBeNull();
  });
});
