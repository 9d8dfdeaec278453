/** Largest table built: 2^14 steps (128 KB); colder temperatures keep the Math.exp-free shifted path. */
const MAX_STEPS = 2 ** 14;
const MIN_STEPS = 16;
/**
 * Largest remainder r/t the polynomial sees: its truncation error (r/t)^5/120 is then below 1e-15
 * relative, about the rounding error of the table value itself.
 */
const MAX_REMAINDER = 1 / 400;

/**
 * The softmin weights exp(−v/t) of self-confidences v in [0, 1] at one temperature t, with no Math.exp
 * per pixel: v = k·h + r with h = 1/steps a power of two, so k = floor(v·steps) and r = v − k·h are exact;
 * exp(−k·h/t) comes from a table of steps + 1 values and exp(−r/t) from its degree-4 Taylor polynomial.
 * The weights agree with Math.exp(−v/t) to about 1e-15 relative; they are not shifted by the image's
 * minimum (the reference shifts), which changes every weight of an image by the same factor, so the
 * score only by rounding, and is safe because exp(−1/t) stays far above the smallest double.
 * Callers inline `weight`'s formula in their loops.
 */
export class SoftminTable {
  readonly steps: number;
  /** h = 1 / steps. */
  readonly step: number;
  /** exp(−k·h/t) for k = 0..steps. */
  readonly table: Float64Array;
  /** Taylor coefficients of exp(−r/t): (−1/t)^m / m!. */
  readonly c1: number;
  readonly c2: number;
  readonly c3: number;
  readonly c4: number;

  private constructor(temperature: number, steps: number) {
    this.steps = steps;
    this.step = 1 / steps;
    this.table = Float64Array.from({ length: steps + 1 }, (_, k) => Math.exp(-(k / steps) / temperature));
    const a = -1 / temperature;
    this.c1 = a;
    this.c2 = (a * a) / 2;
    this.c3 = (a * a * a) / 6;
    this.c4 = (a * a * a * a) / 24;
  }

  /** The table for a (floored) temperature, or null when it is too cold for a table of at most 2^14 steps. */
  static forTemperature(temperature: number): SoftminTable | null {
    if (!(temperature > 0) || !Number.isFinite(temperature)) return null;
    const steps = Math.max(MIN_STEPS, 2 ** Math.ceil(Math.log2(1 / (MAX_REMAINDER * temperature))));
    return steps > MAX_STEPS ? null : new SoftminTable(temperature, steps);
  }

  /** exp(−v/t) for v in [0, 1]; outside that range the result is meaningless (callers check the range). */
  weight(v: number): number {
    const k = (v * this.steps) | 0;
    const r = v - k * this.step;
    return this.table[k]! * (1 + r * (this.c1 + r * (this.c2 + r * (this.c3 + r * this.c4))));
  }
}
