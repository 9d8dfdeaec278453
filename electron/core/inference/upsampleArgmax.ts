import type { OutputMapping } from './resizePlan.js';

export interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  w: Float32Array;
}

/** Bilinear taps along one axis: original index i samples the score map at (i + 0.5)·a + b − 0.5, clamped to the edge. */
export function taps(n: number, a: number, b: number, outN: number): Taps {
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.min(outN - 1, Math.max(0, (i + 0.5) * a + b - 0.5));
    const l = Math.floor(u);
    lo[i] = l;
    hi[i] = Math.min(outN - 1, l + 1);
    w[i] = u - l;
  }
  return { lo, hi, w };
}

/** Best class of every score-map pixel (ties: the lower id). */
function argmaxMap(probs: Float32Array, classes: number, pixels: number): Uint8Array {
  const arg = new Uint8Array(pixels);
  const best = probs.slice(0, pixels);
  for (let k = 1; k < classes; k++) {
    const plane = k * pixels;
    for (let p = 0; p < pixels; p++) {
      const v = probs[plane + p]!;
      if (v > best[p]!) {
        best[p] = v;
        arg[p] = k;
      }
    }
  }
  return arg;
}

/**
 * The label map at the original image size: class probabilities are bilinearly upsampled from
 * the score map (outW × outH, channel-major) to every original pixel, then the best class is
 * taken (ties: the lower id) and written through `lut` (model class id → stored label).
 * Where the four score-map pixels around an original pixel share their best class, that class
 * also wins the interpolation (a convex combination keeps it ahead), so only pixels near a
 * class boundary pay for interpolating all K classes.
 */
export function upsampleArgmax(
  probs: Float32Array,
  classes: number,
  outW: number,
  outH: number,
  mapping: OutputMapping,
  srcW: number,
  srcH: number,
  lut: Uint8Array,
): Uint8Array {
  if (probs.length !== classes * outW * outH) throw new RangeError(`expected ${classes}×${outW}×${outH} probabilities, got ${probs.length}`);
  if (lut.length < classes) throw new RangeError(`the class lookup has ${lut.length} entries for ${classes} classes`);
  const out = new Uint8Array(srcW * srcH);
  const xs = taps(srcW, mapping.ax, mapping.bx, outW);
  const ys = taps(srcH, mapping.ay, mapping.by, outH);
  const plane = outW * outH;
  const arg = argmaxMap(probs, classes, plane);
  for (let y = 0; y < srcH; y++) {
    const r0 = ys.lo[y]! * outW;
    const r1 = ys.hi[y]! * outW;
    const wy = ys.w[y]!;
    const line = y * srcW;
    for (let x = 0; x < srcW; x++) {
      const x0 = xs.lo[x]!;
      const x1 = xs.hi[x]!;
      const c = arg[r0 + x0]!;
      if (arg[r0 + x1] === c && arg[r1 + x0] === c && arg[r1 + x1] === c) {
        out[line + x] = lut[c]!;
        continue;
      }
      const wx = xs.w[x]!;
      let best = -Infinity;
      let bestK = 0;
      for (let k = 0, p = 0; k < classes; k++, p += plane) {
        const a = probs[p + r0 + x0]!;
        const b = probs[p + r0 + x1]!;
        const top = a + (b - a) * wx;
        const d = probs[p + r1 + x0]!;
        const bottom = d + (probs[p + r1 + x1]! - d) * wx;
        const v = top + (bottom - top) * wy;
        if (v > best) {
          best = v;
          bestK = k;
        }
      }
      out[line + x] = lut[bestK]!;
    }
  }
  return out;
}
