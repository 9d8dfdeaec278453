import { FaultlineError } from '../contract/errors.js';
import { expNeg } from './fastExp.js';
import { SoftminTable } from './softminTable.js';
import { DEFAULT_TEMPERATURE } from './types.js';


/** The reference floors the temperature here, so a negative one silently acts like 1e-6. */
const TEMPERATURE_FLOOR = 1e-6;

export function checkTemperature(temperature: number): void {
  if (temperature === 0 || !Number.isFinite(temperature)) {
    throw new FaultlineError('invalid_input', `softmin temperature must be a finite number other than 0, got ${temperature}`);
  }
}

export function flooredTemperature(temperature: number): number {
  return Math.max(temperature, TEMPERATURE_FLOOR);
}

/**
 * Softmin-weighted mean of one image's pixel self-confidences: the weights are the softmax of
 * (1 − v) / t, so the score sits near the least confident pixels. Lower = more likely mislabelled.
 */
export function softminScore(values: ArrayLike<number>, temperature = DEFAULT_TEMPERATURE): number {
  if (values.length === 0) throw new FaultlineError('invalid_input', 'softmin needs at least one pixel score');
  checkTemperature(temperature);
  return shiftedSoftmin(Float64Array.from(values), values.length, temperature);
}

let lastTable: { temperature: number; table: SoftminTable | null } | null = null;

/** The weight table for a temperature (floored), kept for the next call with the same temperature. */
export function softminTableFor(temperature: number): SoftminTable | null {
  if (lastTable?.temperature !== temperature) lastTable = { temperature, table: SoftminTable.forTemperature(flooredTemperature(temperature)) };
  return lastTable.table;
}

/**
 * Softmin of values[0..count); the kernels call it with a reused scratch array. Values in [0, 1] take the
 * table path (one pass, no Math.exp); anything else (a value outside [0, 1], NaN, a very cold temperature)
 * the shifted one.
 */
export function softminOfPrefix(values: Float64Array | Float32Array, count: number, temperature: number): number {
  const table = softminTableFor(temperature);
  if (table !== null) {
    const score = tableSoftmin(values, count, table);
    if (!Number.isNaN(score)) return score;
  }
  return shiftedSoftmin(values, count, temperature);
}

/** Values per call of the table loop: short calls get V8 to optimise it whole (see spanSoftmin in gatherKernel.ts). */
const SPAN = 4096;
const spanSums = new Float64Array(2);

/** Σ v·w / Σ w with w = exp(−v/t) from the table, or NaN when a value lies outside [0, 1]. */
function tableSoftmin(values: Float64Array | Float32Array, count: number, weights: SoftminTable): number {
  spanSums.fill(0);
  for (let start = 0; start < count; start += SPAN) {
    if (!addSpan(values, start, Math.min(start + SPAN, count), weights, spanSums)) return Number.NaN;
  }
  return spanSums[0]! / spanSums[1]!;
}

/** Adds Σ v·w and Σ w of values[start..end) to sums; false when a value lies outside [0, 1]. */
function addSpan(values: Float64Array | Float32Array, start: number, end: number, weights: SoftminTable, sums: Float64Array): boolean {
  const { table, steps, step, c1, c2, c3, c4 } = weights;
  // Two pairs of sums halve the chains of dependent additions.
  let weightedA = 0;
  let totalA = 0;
  let weightedB = 0;
  let totalB = 0;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const a = values[i]!;
    const b = values[i + 1]!;
    if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1)) return false;
    const ka = (a * steps) | 0;
    const kb = (b * steps) | 0;
    const ra = a - ka * step;
    const rb = b - kb * step;
    const wa = table[ka]! * (1 + ra * (c1 + ra * (c2 + ra * (c3 + ra * c4))));
    const wb = table[kb]! * (1 + rb * (c1 + rb * (c2 + rb * (c3 + rb * c4))));
    weightedA += a * wa;
    totalA += wa;
    weightedB += b * wb;
    totalB += wb;
  }
  if (i < end) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) return false;
    const w = weights.weight(v);
    weightedA += v * w;
    totalA += w;
  }
  sums[0] = sums[0]! + weightedA + weightedB;
  sums[1] = sums[1]! + totalA + totalB;
  return true;
}

/** The reference's form: weights exp((min − v)/t), valid for any values and temperature. */
function shiftedSoftmin(values: Float64Array | Float32Array, count: number, temperature: number): number {
  const t = flooredTemperature(temperature);
  let min = Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v < min) min = v;
  }
  // The weights exp((min − v)/t), i.e. the reference's softmax of (1 − v)/t shifted by its maximum;
  // multiplying by 1/t changes them by far less than the 1e-9 the scores are held to.
  const inverse = 1 / t;
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    const w = expNeg((v - min) * inverse);
    weighted += v * w;
    total += w;
  }
  return weighted / total;
}
