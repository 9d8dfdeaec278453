import type { OutputMapping } from './resizePlan.js';
import { taps } from './upsampleArgmax.js';

/** Where full-resolution planes are written: `planes` planes of width × height, the image in the top-left corner. */
export interface PlaneTarget {
  data: Float32Array;
  /** Index of the first plane's first value. */
  offset: number;
  width: number;
  height: number;
}

/**
 * Every plane of a channel-major score map (outW × outH) bilinearly sampled at every original
 * pixel, with the taps the stored label maps use (upsampleArgmax), so probabilities and label maps
 * agree. A convex combination of probability vectors is one, so the result needs no renormalising.
 * Values outside the srcW × srcH image are left as they are in the target.
 */
export function upsamplePlanes(
  scores: Float32Array,
  planes: number,
  outW: number,
  outH: number,
  mapping: OutputMapping,
  srcW: number,
  srcH: number,
  target: PlaneTarget,
): void {
  if (scores.length !== planes * outW * outH) throw new RangeError(`expected ${planes}×${outW}×${outH} values, got ${scores.length}`);
  if (srcW > target.width || srcH > target.height) throw new RangeError(`a ${srcW}×${srcH} image does not fit a ${target.width}×${target.height} target`);
  const xs = taps(srcW, mapping.ax, mapping.bx, outW);
  const ys = taps(srcH, mapping.ay, mapping.by, outH);
  const plane = outW * outH;
  const targetPlane = target.width * target.height;
  for (let k = 0; k < planes; k++) {
    const source = k * plane;
    const out = target.offset + k * targetPlane;
    for (let y = 0; y < srcH; y++) {
      const r0 = source + ys.lo[y]! * outW;
      const r1 = source + ys.hi[y]! * outW;
      const wy = ys.w[y]!;
      const line = out + y * target.width;
      for (let x = 0; x < srcW; x++) {
        const x0 = xs.lo[x]!;
        const x1 = xs.hi[x]!;
        const wx = xs.w[x]!;
        const a = scores[r0 + x0]!;
        const top = a + (scores[r0 + x1]! - a) * wx;
        const d = scores[r1 + x0]!;
        const bottom = d + (scores[r1 + x1]! - d) * wx;
        target.data[line + x] = top + (bottom - top) * wy;
      }
    }
  }
}
