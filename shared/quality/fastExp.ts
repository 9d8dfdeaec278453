const STEPS = 64;
/** exp(−x) is below the smallest double past about 745.13. */
const LIMIT = 746;
const TABLE = Float64Array.from({ length: LIMIT * STEPS + 1 }, (_, i) => Math.exp(-i / STEPS));

/**
 * exp(−x) for x >= 0, two to three times faster than Math.exp with relative error below 1e-13: a table
 * of exp(−i/64) times a degree-5 Taylor polynomial of the remainder (< 1/64, split off exactly).
 * Softmin calls it once per pixel.
 */
export function expNeg(x: number): number {
  if (x >= LIMIT) return 0;
  const scaled = x * STEPS;
  const i = scaled | 0;
  const f = (scaled - i) / STEPS;
  return TABLE[i]! * (1 - f * (1 - f * (1 / 2 - f * (1 / 6 - f * (1 / 24 - f / 120)))));
}
