/**
 * One-sided Fisher exact test for a 2×2 table, computed in log space so that tables of tens of
 * thousands of images neither overflow nor lose the tail to rounding.
 *
 *              failed   passed
 *   in slice     a        b
 *   outside      c        d
 *
 * Under the null hypothesis (failure independent of slice membership, margins fixed) the number
 * of failures in the slice is hypergeometric. The alternative is one-sided: the slice fails more
 * often than the rest (odds ratio > 1), so the p-value is P(X ≥ a).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms): about 15 significant digits. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Small factorials are summed exactly; Lanczos takes over where the sum would cost more. */
const EXACT_LIMIT = 256;
const LOG_FACTORIALS = (() => {
  const table = new Float64Array(EXACT_LIMIT + 1);
  for (let i = 2; i <= EXACT_LIMIT; i++) table[i] = table[i - 1]! + Math.log(i);
  return table;
})();

export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a non-negative integer, got ${n}`);
  return n <= EXACT_LIMIT ? LOG_FACTORIALS[n]! : logGamma(n + 1);
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** ln P(X = k) for X hypergeometric: k failures among `draws` images drawn from `total` holding `failures`. */
export function logHypergeometric(k: number, failures: number, draws: number, total: number): number {
  return logChoose(failures, k) + logChoose(total - failures, draws - k) - logChoose(total, draws);
}

function assertCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
}

/** P(X ≥ a): the one-sided p-value that the slice (first row) fails more often than the rest. */
export function fisherExactGreater(a: number, b: number, c: number, d: number): number {
  for (const [name, v] of [['a', a], ['b', b], ['c', c], ['d', d]] as const) assertCount(name, v);
  const draws = a + b;
  const failures = a + c;
  const total = a + b + c + d;
  const hi = Math.min(draws, failures);
  if (a > hi) return 0;
  // log-sum-exp over the upper tail, anchored at its largest term so no term underflows first.
  const logs: number[] = [];
  let max = -Infinity;
  for (let k = a; k <= hi; k++) {
    const v = logHypergeometric(k, failures, draws, total);
    logs.push(v);
    if (v > max) max = v;
  }
  let sum = 0;
  for (const v of logs) sum += Math.exp(v - max);
  return Math.min(1, Math.exp(max + Math.log(sum)));
}
