/**
 * Quantiles for the content constraint, with one stated definition so results match what a user
 * gets from numpy: numpy.quantile's default ('linear', Hyndman & Fan type 7). For sorted values
 * x_0 ≤ … ≤ x_{n−1} and q in [0, 1]: h = (n − 1)·q, result = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must lie in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const xLo = sorted[lo]!;
  if (lo + 1 >= n) return xLo;
  return xLo + (h - lo) * (sorted[lo + 1]! - xLo);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(Float64Array.from(values).sort(), q);
}
