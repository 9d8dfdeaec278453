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

/**
 * How a score map becomes a label map: the map's classes and size (outW × outH), where the label
 * map's pixels sample it, the label map's size srcW × srcH (the original image's, or a prediction's
 * bounded stored size), and the lookup from model class id to stored label. One per image, built before any pixel is visited.
 */
export interface UpsamplePlan {
  classes: number;
  outW: number;
  outH: number;
  mapping: OutputMapping;
  srcW: number;
  srcH: number;
  lut: Uint8Array;
}

/** Runs longer than this are written with fill (a call), shorter ones by a loop. */
const LONG_RUN = 32;

/**
 * A class is left out of a cell's interpolation when its largest corner plus slack is below
 * another class's smallest corner minus slack, slack = PRUNE_RELATIVE·|largest corner| +
 * PRUNE_ABSOLUTE. The exact bilinear value lies between a class's smallest and largest corner,
 * and the three lerps in float64 stray from it by under 11·2⁻⁵³ of the largest corner magnitude
 * (plus underflow, far below 2⁻¹⁰⁰⁰), so a class left out is beaten at every pixel as computed,
 * and the result is the one interpolating all classes gives. 2⁻⁴⁰ leaves a margin of ~700×.
 */
const PRUNE_RELATIVE = 2 ** -40;
const PRUNE_ABSOLUTE = 2 ** -1000;
/** Below this many pixels per cell (run length × rows sharing the cell) finding candidates costs more than it saves. */
const PRUNE_FROM_PIXELS = 8;

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
 */
export function upsampleArgmax(probs: Float32Array, plan: UpsamplePlan): Uint8Array {
  const { classes, outW, outH, srcW, srcH } = plan;
  if (probs.length !== classes * outW * outH) throw new RangeError(`expected ${classes}×${outW}×${outH} probabilities, got ${probs.length}`);
  const out = new Uint8Array(srcW * srcH);
  upsampleArgmaxInto(probs, argmaxMap(probs, classes, outW * outH), plan, out);
  return out;
}

/**
 * True when every label-map pixel samples its own score-map cell (an image at the model's own
 * size): the neighbours get weight 0, interpolation gives back the cell's probabilities, and the
 * best class is the score map's, so upsampleArgmaxInto needs no probabilities.
 */
export function isOneToOne(plan: Pick<UpsamplePlan, 'outW' | 'outH' | 'mapping' | 'srcW' | 'srcH'>): boolean {
  const { mapping } = plan;
  return plan.srcW === plan.outW && plan.srcH === plan.outH && mapping.ax === 1 && mapping.bx === 0 && mapping.ay === 1 && mapping.by === 0;
}

/**
 * upsampleArgmax with each score-map pixel's best class given (`argmax`, as softmaxStatistics
 * finds it) and the labels written to the first srcW·srcH entries of `out`; `probs` may be longer
 * than the score map. The work goes by score-map cell (the four pixels around an original pixel):
 * - where the four corners share their best class, that class also wins the interpolation (a
 *   convex combination keeps it ahead), so the cell's pixels take it without interpolating;
 * - elsewhere a class whose largest corner is below another class's smallest corner (by more
 *   than rounding can bridge, see PRUNE_RELATIVE) loses at every pixel of the cell, so only the
 *   remaining classes are interpolated, in ascending order as before (ties: the lower id);
 * - an original row with the same cells as the row above is a copy of it, except in mixed cells;
 * - a one-to-one mapping (isOneToOne) takes each pixel's best class straight from `argmax`, and
 *   `probs` may then be empty.
 */
export function upsampleArgmaxInto(probs: Float32Array, argmax: Uint8Array, plan: UpsamplePlan, out: Uint8Array): void {
  const { classes, outW, outH, mapping, srcW, srcH, lut } = plan;
  const plane = outW * outH;
  const oneToOne = isOneToOne(plan);
  if ((!oneToOne && probs.length < classes * plane) || argmax.length < plane) throw new RangeError(`expected ${classes}×${outW}×${outH} probabilities and ${plane} best classes`);
  if (lut.length < classes) throw new RangeError(`the class lookup has ${lut.length} entries for ${classes} classes`);
  if (out.length < srcW * srcH) throw new RangeError(`the output holds ${out.length} labels, not ${srcW}×${srcH}`);
  if (srcW === 0 || srcH === 0) return;
  if (oneToOne) {
    for (let p = 0; p < plane; p++) out[p] = lut[argmax[p]!]!;
    return;
  }
  const xs = taps(srcW, mapping.ax, mapping.bx, outW);
  const ys = taps(srcH, mapping.ay, mapping.by, outH);
  // Score-map columns first..last are the left corners of the original pixels; the taps are
  // monotone, so the original columns of cell c (left corner first + c) are the run
  // [runStart(c), runEnd[c]), empty where the map has more columns than the image.
  const first = xs.lo[0]!;
  const cells = xs.lo[srcW - 1]! - first + 1;
  const runEnd = new Int32Array(cells);
  for (let x = 0; x < srcW; x++) runEnd[xs.lo[x]! - first] = x + 1;
  for (let c = 1; c < cells; c++) if (runEnd[c] === 0) runEnd[c] = runEnd[c - 1]!;
  const runStart = (c: number): number => (c === 0 ? 0 : runEnd[c - 1]!);
  // For the cells of the current score-map row: the class all four corners share, or −1; the
  // mixed cells; and for each mixed cell the classes that can still win there.
  // The first `classes` entries of `candidates` list every class, for cells too small to prune.
  const shared = new Int16Array(cells);
  const mixed = new Int32Array(cells);
  const candidates = new Uint16Array((cells + 1) * classes);
  for (let k = 0; k < classes; k++) candidates[k] = k;
  const candidateFrom = new Int32Array(cells);
  const candidateCount = new Int32Array(cells);
  const high = new Float64Array(classes);
  let mixedCount = 0;
  let cellRow = -1;
  let previousLine = 0;

  const findCandidates = (cell: number, r0: number, r1: number): void => {
    const c0 = first + cell;
    const c1 = Math.min(outW - 1, c0 + 1);
    let floor = -Infinity;
    for (let k = 0, p = 0; k < classes; k++, p += plane) {
      const a = probs[p + r0 + c0]!;
      const b = probs[p + r0 + c1]!;
      const d = probs[p + r1 + c0]!;
      const e = probs[p + r1 + c1]!;
      const sum = a + b + d + e;
      if (sum - sum !== 0) {
        // A NaN or infinite corner: no bound holds, so the class is kept and bounds no other.
        high[k] = Infinity;
        continue;
      }
      const loTop = a < b ? a : b;
      const loBottom = d < e ? d : e;
      const hiTop = a < b ? b : a;
      const hiBottom = d < e ? e : d;
      const lo = loTop < loBottom ? loTop : loBottom;
      const hi = hiTop > hiBottom ? hiTop : hiBottom;
      const slack = PRUNE_RELATIVE * (hi > -lo ? hi : -lo) + PRUNE_ABSOLUTE;
      high[k] = hi + slack;
      if (lo - slack > floor) floor = lo - slack;
    }
    const from = (cell + 1) * classes;
    let count = 0;
    for (let k = 0; k < classes; k++) if (!(high[k]! < floor)) candidates[from + count++] = k;
    candidateFrom[cell] = from;
    candidateCount[cell] = count;
  };

  const blend = (line: number, cell: number, r0: number, r1: number, wy: number): void => {
    const from = candidateFrom[cell]!;
    const to = from + candidateCount[cell]!;
    for (let x = runStart(cell); x < runEnd[cell]!; x++) {
      const x0 = xs.lo[x]!;
      const x1 = xs.hi[x]!;
      const wx = xs.w[x]!;
      let best = -Infinity;
      let bestK = 0;
      for (let i = from; i < to; i++) {
        const k = candidates[i]!;
        const p = k * plane;
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
  };

  for (let y = 0; y < srcH; y++) {
    const row = ys.lo[y]!;
    const r0 = row * outW;
    const r1 = ys.hi[y]! * outW;
    const wy = ys.w[y]!;
    const line = y * srcW;
    if (row === cellRow) {
      out.copyWithin(line, previousLine, previousLine + srcW);
      for (let i = 0; i < mixedCount; i++) blend(line, mixed[i]!, r0, r1, wy);
      previousLine = line;
      continue;
    }
    cellRow = row;
    mixedCount = 0;
    let rows = 1;
    while (y + rows < srcH && ys.lo[y + rows] === row) rows++;
    for (let cell = 0; cell < cells; cell++) {
      const c0 = first + cell;
      const c1 = Math.min(outW - 1, c0 + 1);
      const k = argmax[r0 + c0]!;
      if (argmax[r0 + c1] === k && argmax[r1 + c0] === k && argmax[r1 + c1] === k) {
        shared[cell] = k;
      } else {
        shared[cell] = -1;
        mixed[mixedCount++] = cell;
        if ((runEnd[cell]! - runStart(cell)) * rows >= PRUNE_FROM_PIXELS) findCandidates(cell, r0, r1);
        else {
          candidateFrom[cell] = 0;
          candidateCount[cell] = classes;
        }
      }
    }
    for (let cell = 0; cell < cells; ) {
      const k = shared[cell]!;
      if (k < 0) {
        blend(line, cell++, r0, r1, wy);
        continue;
      }
      let next = cell + 1;
      while (next < cells && shared[next] === k) next++;
      const from = line + runStart(cell);
      const to = line + runEnd[next - 1]!;
      const label = lut[k]!;
      if (to - from > LONG_RUN) out.fill(label, from, to);
      else for (let i = from; i < to; i++) out[i] = label;
      cell = next;
    }
    previousLine = line;
  }
}
