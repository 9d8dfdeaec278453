import type { Rect } from '../geometry/rect.js';
import type { AssistResize } from './assistCard.js';

/**
 * Where an image lands in a SAM-family encoder's square input, and the maps between image
 * pixels, prompt coordinates and the decoder's low-resolution logits. Pure: the worker and the
 * tests share it.
 */
export interface AssistFrame {
  /** The image's size in pixels. */
  width: number;
  height: number;
  /** Side of the square encoder input. */
  size: number;
  /** The image scaled into the input, top-left at (0, 0); the rest of the input is padding. */
  scaledW: number;
  scaledH: number;
}

/**
 * `longest-side`: segment-anything's ResizeLongestSide.get_preprocess_shape (the long side
 * becomes `size`, the other is rounded half up, padding at the bottom and right).
 * `square`: SAM 2's predictor, which resizes both sides to `size` and ignores the aspect ratio.
 */
export function assistFrame(width: number, height: number, resize: AssistResize, size: number): AssistFrame {
  if (!(width >= 1 && height >= 1 && size >= 1)) throw new RangeError(`sizes must be positive, got ${width}×${height} into ${size}`);
  if (resize === 'square') return { width, height, size, scaledW: size, scaledH: size };
  const scale = size / Math.max(width, height);
  return { width, height, size, scaledW: Math.floor(width * scale + 0.5), scaledH: Math.floor(height * scale + 0.5) };
}

/** A prompt point given as an image pixel (x, y), in the input frame: segment-anything's apply_coords. */
export function toInputPoint(frame: AssistFrame, x: number, y: number): [number, number] {
  return [(x * frame.scaledW) / frame.width, (y * frame.scaledH) / frame.height];
}

/**
 * Thresholds logits (lowW × lowH, covering coverW × coverH of the input from its top-left corner:
 * the whole size × size input for SAM's low-res masks) at every image pixel's centre, bilinearly
 * with pixel centres at half-integers: the one-step equivalent of SAM's postprocess (upsample to
 * the input, crop the scaled image, resize to the image). Writes 1 where the logit is above 0,
 * else 0, into `out` (width × height) and returns the bounding box of the ones, or null when
 * there are none.
 */
export function maskFromLowRes(
  logits: ArrayLike<number>,
  lowW: number,
  lowH: number,
  frame: AssistFrame,
  out: Uint8Array,
  cover: { width: number; height: number } = { width: frame.size, height: frame.size },
): Rect | null {
  const { width, height } = frame;
  if (logits.length !== lowW * lowH) throw new RangeError(`logits hold ${logits.length} values, expected ${lowW}×${lowH}`);
  if (out.length !== width * height) throw new RangeError(`the mask holds ${out.length} pixels, expected ${width}×${height}`);
  const axis = (n: number, scaled: number, low: number, covered: number) => {
    const i0 = new Int32Array(n);
    const i1 = new Int32Array(n);
    const w1 = new Float32Array(n);
    for (let p = 0; p < n; p++) {
      const at = (((p + 0.5) * scaled) / n) * (low / covered) - 0.5;
      const clamped = Math.min(low - 1, Math.max(0, at));
      const lo = Math.floor(clamped);
      i0[p] = lo;
      i1[p] = Math.min(low - 1, lo + 1);
      w1[p] = clamped - lo;
    }
    return { i0, i1, w1 };
  };
  const xs = axis(width, frame.scaledW, lowW, cover.width);
  const ys = axis(height, frame.scaledH, lowH, cover.height);
  out.fill(0);
  // Only pixels that sample a cell above 0 can be on (a blend of values ≤ 0 is ≤ 0): an object's box, not the whole image.
  let cx0 = lowW;
  let cy0 = lowH;
  let cx1 = -1;
  let cy1 = -1;
  for (let j = 0; j < lowH; j++) {
    for (let i = 0; i < lowW; i++) {
      if (logits[j * lowW + i]! > 0) {
        if (i < cx0) cx0 = i;
        if (i > cx1) cx1 = i;
        if (j < cy0) cy0 = j;
        if (j > cy1) cy1 = j;
      }
    }
  }
  if (cx1 < 0) return null;
  const span = (n: number, a: { i0: Int32Array; i1: Int32Array }, lo: number, hi: number): [number, number] => {
    let first = 0;
    while (first < n && a.i1[first]! < lo) first++;
    let last = n - 1;
    while (last >= first && a.i0[last]! > hi) last--;
    return [first, last + 1];
  };
  const [px0, px1] = span(width, xs, cx0, cx1);
  const [py0, py1] = span(height, ys, cy0, cy1);
  const xRuns = sameCellRuns(xs.i0, px0, px1);
  const yRuns = sameCellRuns(ys.i0, py0, py1);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  // Pixels between the same four cells form a block: all off when the four are ≤ 0 (out is 0
  // already), all on when the four are > 0 (a blend of positives is positive), and read one by one
  // only where the mask's edge crosses. An object's inside costs a fill, not a blend per pixel.
  for (let yr = 0; yr < yRuns.length; yr += 2) {
    const ya = yRuns[yr]!;
    const yb = yRuns[yr + 1]!;
    const r0 = ys.i0[ya]! * lowW;
    const r1 = ys.i1[ya]! * lowW;
    for (let xr = 0; xr < xRuns.length; xr += 2) {
      const xa = xRuns[xr]!;
      const xb = xRuns[xr + 1]!;
      const a = xs.i0[xa]!;
      const b = xs.i1[xa]!;
      const c00 = logits[r0 + a]!;
      const c01 = logits[r0 + b]!;
      const c10 = logits[r1 + a]!;
      const c11 = logits[r1 + b]!;
      const positive = (c00 > 0 ? 1 : 0) + (c01 > 0 ? 1 : 0) + (c10 > 0 ? 1 : 0) + (c11 > 0 ? 1 : 0);
      if (positive === 0) continue;
      if (positive === 4) {
        for (let y = ya; y < yb; y++) out.fill(1, y * width + xa, y * width + xb);
        if (xa < x0) x0 = xa;
        if (xb - 1 > x1) x1 = xb - 1;
        if (ya < y0) y0 = ya;
        if (yb - 1 > y1) y1 = yb - 1;
        continue;
      }
      for (let y = ya; y < yb; y++) {
        const wy = ys.w1[y]!;
        const row = y * width;
        for (let x = xa; x < xb; x++) {
          const wx = xs.w1[x]!;
          const top = c00 + (c01 - c00) * wx;
          const bottom = c10 + (c11 - c10) * wx;
          if (top + (bottom - top) * wy > 0) {
            out[row + x] = 1;
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
          }
        }
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** [start, end) pairs of the pixels in [from, to) that sample the same cell (`cell` never decreases along an axis). */
function sameCellRuns(cell: Int32Array, from: number, to: number): number[] {
  const runs: number[] = [];
  for (let p = from; p < to; ) {
    const start = p;
    while (p < to && cell[p] === cell[start]) p++;
    runs.push(start, p);
  }
  return runs;
}

/** Logit given to mask-input cells inside (+) and outside (−) a seeded region: well past SAM's decision boundary at 0. */
export const MASK_INPUT_LOGIT = 10;

/**
 * A region of the image (1 inside, width × height) as the decoder's mask input (lowW × lowH over
 * the whole input): each cell takes the image pixel under its centre; cells over the padding are
 * outside.
 */
export function maskInputFromRegion(region: Uint8Array, frame: AssistFrame, lowW: number, lowH: number): Float32Array {
  const { width, height, size, scaledW, scaledH } = frame;
  if (region.length !== width * height) throw new RangeError(`the region holds ${region.length} pixels, expected ${width}×${height}`);
  const out = new Float32Array(lowW * lowH).fill(-MASK_INPUT_LOGIT);
  for (let j = 0; j < lowH; j++) {
    const v = ((j + 0.5) * size) / lowH;
    if (v >= scaledH) break;
    const y = Math.min(height - 1, Math.floor((v * height) / scaledH));
    for (let i = 0; i < lowW; i++) {
      const u = ((i + 0.5) * size) / lowW;
      if (u >= scaledW) break;
      const x = Math.min(width - 1, Math.floor((u * width) / scaledW));
      if (region[y * width + x]) out[j * lowW + i] = MASK_INPUT_LOGIT;
    }
  }
  return out;
}
