/**
 * Means with 95 % confidence intervals over a few seeds: Student's t, because with five seeds the
 * normal approximation would claim intervals a third too narrow.
 */

/** Two-sided 97.5 % quantiles of Student's t for 1…30 degrees of freedom. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06,
  2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z_975 = 1.959964;

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (table to 30, Cornish–Fisher beyond). */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T_975.length) return T_975[df - 1]!;
  const z = Z_975;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** A mean and its 95 % interval; the interval is null with fewer than two values. */
export interface MeanInterval {
  n: number;
  mean: number;
  low: number | null;
  high: number | null;
}

/** Mean of the finite values with a 95 % t-interval (sample standard deviation, n − 1). */
export function meanInterval(values: ReadonlyArray<number | null>): MeanInterval | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, low: null, high: null };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { n, mean, low: mean - half, high: mean + half };
}

/**
 * Paired differences a_i − b_i (same seed, same world) with their mean and 95 % interval: pairs
 * where either side is missing are left out. Pairing removes the variation between worlds that
 * two separate intervals would both carry.
 */
export function pairedDifference(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): MeanInterval | null {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    diffs.push(x - y);
  }
  return meanInterval(diffs);
}

/** Whether an interval lies wholly above (1), wholly below (−1) zero, or covers it (0; also without an interval). */
export function intervalSign(interval: MeanInterval | null): -1 | 0 | 1 {
  if (!interval || interval.low === null || interval.high === null) return 0;
  if (interval.low > 0) return 1;
  if (interval.high < 0) return -1;
  return 0;
}
