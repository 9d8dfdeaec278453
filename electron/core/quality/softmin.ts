import { FaultlineError } from '../../../shared/contract/errors.js';
import { expNeg } from './fastExp.js';

export const DEFAULT_TEMPERATURE = 0.1;
/** The reference floors the temperature here, so a negative one silently acts like 1e-6. */
const TEMPERATURE_FLOOR = 1e-6;

export function checkTemperature(temperature: number): void {
  if (temperature === 0 || !Number.isFinite(temperature)) {
    throw new FaultlineError('invalid_input', `softmin temperature must be a finite number other than 0, got ${temperature}`);
  }
}

/**
 * Softmin-weighted mean of one image's pixel self-confidences: the weights are the softmax of
 * (1 − v) / t, so the score sits near the least confident pixels. Lower = more likely mislabelled.
 */
export function softminScore(values: ArrayLike<number>, temperature = DEFAULT_TEMPERATURE): number {
  if (values.length === 0) throw new FaultlineError('invalid_input', 'softmin needs at least one pixel score');
  checkTemperature(temperature);
  return softminOfPrefix(Float64Array.from(values), values.length, temperature);
}

/** Softmin of values[0..count); the kernels call it with a reused scratch array. */
export function softminOfPrefix(values: Float64Array | Float32Array, count: number, temperature: number): number {
  const t = Math.max(temperature, TEMPERATURE_FLOOR);
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
