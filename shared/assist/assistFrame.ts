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
 * A decoder's chosen mask as logits: width × height values covering `cover` of the input from its
 * top-left corner (the whole size × size input for SAM's low-res masks, the scaled image for
 * EfficientSAM's).
 */
export interface LowResMask {
  logits: ArrayLike<number>;
  width: number;
  height: number;
  cover: { width: number; height: number };
}

/** The low-res mask of logits covering the whole input. */
export function wholeInput(logits: ArrayLike<number>, width: number, height: number, frame: AssistFrame): LowResMask {
  return { logits, width, height, cover: { width: frame.size, height: frame.size } };
}

/** Per sample along one axis: the two cells it reads and the second one's weight. */
interface AxisSamples {
  i0: Int32Array;
  i1: Int32Array;
  w1: Float32Array;
}

/**
 * The samples along an axis of n image pixels, one every `step` pixels at the centre of its
 * step × step cell (the last cell's clamped into the image): the pixel's centre, at half-integers,
 * in the logits' cells.
 */
function axisSamples(n: number, step: number, scaled: number, low: number, covered: number): AxisSamples {
  const count = Math.ceil(n / step);
  const i0 = new Int32Array(count);
  const i1 = new Int32Array(count);
  const w1 = new Float32Array(count);
  const half = step >> 1;
  for (let s = 0; s < count; s++) {
    const p = Math.min(n - 1, s * step + half);
    const at = (((p + 0.5) * scaled) / n) * (low / covered) - 0.5;
    const clamped = Math.min(low - 1, Math.max(0, at));
    const lo = Math.floor(clamped);
    i0[s] = lo;
    i1[s] = Math.min(low - 1, lo + 1);
    w1[s] = clamped - lo;
  }
  return { i0, i1, w1 };
}

/** The samples that read a cell in [lo, hi]: only they can be on where those are the only positive cells. */
function sampleSpan(a: AxisSamples, lo: number, hi: number): [number, number] {
  const n = a.i0.length;
  let first = 0;
  while (first < n && a.i1[first]! < lo) first++;
  let last = n - 1;
  while (last >= first && a.i0[last]! > hi) last--;
  return [first, last + 1];
}

/** The box of the cells above 0, or null when there are none. */
function positiveCells({ logits, width, height }: LowResMask): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      if (logits[j * width + i]! > 0) {
        if (i < x0) x0 = i;
        if (i > x1) x1 = i;
        if (j < y0) y0 = j;
        if (j > y1) y1 = j;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

function checkLogits(low: LowResMask): void {
  if (low.logits.length !== low.width * low.height) throw new RangeError(`logits hold ${low.logits.length} values, expected ${low.width}×${low.height}`);
}

/**
 * The box of image pixels that can be on in `low`'s mask (those reading a positive cell), or null
 * when none can: the object's box or a little more, known before any pixel is made, to choose a
 * preview's resolution by.
 */
export function lowResBounds(low: LowResMask, frame: AssistFrame): Rect | null {
  checkLogits(low);
  const cells = positiveCells(low);
  if (!cells) return null;
  const [x0, x1] = sampleSpan(axisSamples(frame.width, 1, frame.scaledW, low.width, low.cover.width), cells.x0, cells.x1);
  const [y0, y1] = sampleSpan(axisSamples(frame.height, 1, frame.scaledH, low.height, low.cover.height), cells.y0, cells.y1);
  return x1 <= x0 || y1 <= y0 ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Thresholds `low`'s logits bilinearly at image pixel centres: the one-step equivalent of SAM's
 * postprocess (upsample to the input, crop the scaled image, resize to the image). At `step` 1
 * every pixel; above, one sample per step × step cell of the image, the pixel at its centre
 * (clamped into the image), so a preview of a large photo costs its cells, not its pixels. Writes
 * 1 where the logit is above 0, else 0, into `out` (⌈width / step⌉ × ⌈height / step⌉ samples)
 * and returns the box of the ones in samples, or null when there are none.
 */
export function maskFromLowRes(low: LowResMask, frame: AssistFrame, out: Uint8Array, step = 1): Rect | null {
  checkLogits(low);
  const { logits, width: lowW, height: lowH } = low;
  const xs = axisSamples(frame.width, step, frame.scaledW, lowW, low.cover.width);
  const ys = axisSamples(frame.height, step, frame.scaledH, lowH, low.cover.height);
  const width = xs.i0.length;
  const height = ys.i0.length;
  if (out.length !== width * height) throw new RangeError(`the mask holds ${out.length} samples, expected ${width}×${height}`);
  out.fill(0);
  // Only samples that read a cell above 0 can be on (a blend of values ≤ 0 is ≤ 0): an object's box, not the whole image.
  const cells = positiveCells(low);
  if (!cells) return null;
  const [px0, px1] = sampleSpan(xs, cells.x0, cells.x1);
  const [py0, py1] = sampleSpan(ys, cells.y0, cells.y1);
  const xRuns = sameCellRuns(xs.i0, px0, px1);
  const yRuns = sameCellRuns(ys.i0, py0, py1);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  // Samples between the same four cells form a block: all off when the four are ≤ 0 (out is 0
  // already), all on when the four are > 0 (a blend of positives is positive), and read one by one
  // only where the mask's edge crosses. An object's inside costs a fill, not a blend per sample.
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

/** [start, end) pairs of the samples in [from, to) that read the same cell (`cell` never decreases along an axis). */
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
