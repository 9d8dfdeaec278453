/**
 * Confidence intervals for failure rates and for how two rates compare.
 *
 * - A single rate x/n: the Wilson score interval, which stays inside [0, 1] and keeps close to its
 *   nominal coverage for small n and rates near 0 or 1, where the Wald interval fails.
 * - The difference p1 − p2: Newcombe's hybrid score interval (method 10 of Newcombe, Statistics in
 *   Medicine 1998), built from the two Wilson intervals.
 * - The ratio p1 / p2 (the slice's lift): the Katz log interval, exp(ln RR ± z·se) with
 *   se² = 1/x1 − 1/n1 + 1/x2 − 1/n2. When a count is 0 (or equals n) the log is undefined, so
 *   0.5 is added to both counts and 1 to both totals (the Haldane–Anscombe correction) for the
 *   interval only; the point estimate is the plain ratio.
 */

/** Two-sided 95 %: the standard normal quantile at 0.975. */
export const Z95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

function assertCounts(x: number, n: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) throw new RangeError(`need integers 0 ≤ x ≤ n, got x = ${x}, n = ${n}`);
}

/** Wilson score interval for x successes in n trials; n = 0 gives the uninformative [0, 1] around NaN. */
export function wilsonInterval(x: number, n: number, z = Z95): Interval {
  assertCounts(x, n);
  if (n === 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 or x = n one bound is exactly 0 or 1; rounding must not move it off.
  return { estimate: p, lower: x === 0 ? 0 : Math.max(0, centre - half), upper: x === n ? 1 : Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval for p1 − p2. */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval {
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  if (n1 === 0 || n2 === 0) return { estimate: Number.NaN, lower: -1, upper: 1 };
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

/** Katz log interval for the rate ratio p1 / p2 (see the file comment for zero counts). */
export function katzRatio(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval {
  assertCounts(x1, n1);
  assertCounts(x2, n2);
  if (n1 === 0 || n2 === 0) return { estimate: Number.NaN, lower: 0, upper: Number.POSITIVE_INFINITY };
  const estimate = x2 === 0 ? (x1 === 0 ? Number.NaN : Number.POSITIVE_INFINITY) : x1 / n1 / (x2 / n2);
  const corrected = x1 === 0 || x2 === 0 || x1 === n1 || x2 === n2;
  const [a, m, c, k] = corrected ? [x1 + 0.5, n1 + 1, x2 + 0.5, n2 + 1] : [x1, n1, x2, n2];
  const logRatio = Math.log(a / m / (c / k));
  const se = Math.sqrt(1 / a - 1 / m + 1 / c - 1 / k);
  return { estimate, lower: Math.exp(logRatio - z * se), upper: Math.exp(logRatio + z * se) };
}
