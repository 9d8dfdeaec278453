import { describe, expect, it } from 'vitest';
import { argmaxNchw } from '../../../models/onnx/preprocess.js';

describe('argmaxNchw', () => {
  it('takes each pixel’s best class of the image at `index`, the lower id on a tie, whatever `out` held', () => {
    // 2 images × 3 classes × 4 pixels, channel-major; image 1 is the one read.
    const image0 = [9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0];
    const image1 = [
      1, 5, 2, 0, // class 0
      3, 5, 2, -1, // class 1
      2, 4, 7, -1, // class 2
    ];
    const out = Uint8Array.of(7, 7, 7, 7);
    argmaxNchw(Float32Array.from([...image0, ...image1]), 3, 4, 1, out);
    expect([...out]).toEqual([1, 0, 2, 0]);
  });
});
