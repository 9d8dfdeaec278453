/**
 * Benjamini–Hochberg adjusted p-values (q-values): with m tests and p sorted ascending,
 * q_(i) = min over j ≥ i of m·p_(j)/j, capped at 1. Rejecting every test with q ≤ α controls the
 * false discovery rate at α for independent (or positively dependent) tests. Returned in the
 * order of the input.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must lie in [0, 1], got ${p}`);
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (m * pValues[i]!) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}

/** Which tests are discoveries at false discovery rate `alpha`. */
export function rejectedAt(pValues: readonly number[], alpha: number): boolean[] {
  return benjaminiHochberg(pValues).map((q) => q <= alpha);
}
