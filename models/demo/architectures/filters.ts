/** Fixed 3×3 kernels, row-major. */
export const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1].map((v) => v / 4);
export const SOBEL_Y = [-1, -2, -1, 0, 0, 0, 1, 2, 1].map((v) => v / 4);
export const LAPLACIAN = [0, 1, 0, 1, -4, 1, 0, 1, 0];
export const IDENTITY = [0, 0, 0, 0, 1, 0, 0, 0, 0];
export const BOX = new Array<number>(9).fill(1 / 9);

/**
 * A 3×3 Conv weight (out, inChannels, 3, 3) from a list of filters, each either applied to one
 * input channel or to the channel mean (grey).
 */
export function conv3x3Weights(filters: readonly { kernel: readonly number[]; channel: number | 'grey' }[], inChannels: number): Float32Array {
  const w = new Float32Array(filters.length * inChannels * 9);
  filters.forEach(({ kernel, channel }, o) => {
    for (let c = 0; c < inChannels; c++) {
      const share = channel === 'grey' ? 1 / inChannels : channel === c ? 1 : 0;
      if (share === 0) continue;
      for (let t = 0; t < 9; t++) w[(o * inChannels + c) * 9 + t] = kernel[t]! * share;
    }
  });
  return w;
}
