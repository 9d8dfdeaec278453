/**
 * Pairwise dominance for the global ranking (spec §7). P[a][b] is model a's performance (e.g.
 * mIoU) on the set mined for the pair (a, b); F[a][b] = P[a][b] / P[b][a] says how much a beats b
 * on the images where they disagree. F is reciprocal: F[b][a] = 1 / F[a][b], F[a][a] = 1.
 *
 * Missing-pair rule: a pair is missing when either P entry is null, non-finite or ≤ 0 (a ratio
 * with a zero is meaningless). Its F is the geometric mean, over every intermediate model c with
 * both F[a][c] and F[c][b] measured directly, of F[a][c]·F[c][b]; with no such c it is 1 (no
 * evidence either way). Only measured entries are used as steps, so the fill does not depend on
 * the order in which pairs are filled, and it keeps F reciprocal.
 */

export type PerformanceMatrix = ReadonlyArray<ReadonlyArray<number | null>>;

/** Measured dominance ratios, null where the pair is missing; the diagonal is 1. */
export function measuredDominance(performance: PerformanceMatrix): Array<Array<number | null>> {
  const m = performance.length;
  for (const row of performance) {
    if (row.length !== m) throw new RangeError(`performance matrix must be square (${m}×${m})`);
  }
  const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return performance.map((row, a) =>
    row.map((pab, b) => {
      if (a === b) return 1;
      const pba = performance[b]?.[a];
      return usable(pab) && usable(pba) ? pab / pba : null;
    }),
  );
}

/** Full dominance matrix: measured ratios, missing pairs filled by the one-hop geometric-mean rule, else 1. */
export function dominanceMatrix(performance: PerformanceMatrix): number[][] {
  const measured = measuredDominance(performance);
  const m = measured.length;
  return measured.map((row, a) =>
    row.map((fab, b) => {
      if (fab !== null) return fab;
      let logSum = 0;
      let paths = 0;
      for (let c = 0; c < m; c++) {
        if (c === a || c === b) continue;
        const fac = measured[a]?.[c];
        const fcb = measured[c]?.[b];
        if (fac == null || fcb == null) continue;
        logSum += Math.log(fac) + Math.log(fcb);
        paths++;
      }
      return paths > 0 ? Math.exp(logSum / paths) : 1;
    }),
  );
}
