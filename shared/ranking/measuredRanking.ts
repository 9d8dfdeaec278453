import { measuredDominance, type PerformanceMatrix } from './dominance.js';
import { globalRanking, type PowerIterationOptions } from './globalRanking.js';

/**
 * The global ranking restricted to models with evidence. A model none of whose pairs was measured
 * has a dominance row of fill values only (1 against everyone), so the eigenvector would give it
 * the uniform share 1/m and a rank that merely follows table order: a number that is not true.
 * Such models are left unranked, and with fewer than two models left there is no ranking at all.
 */
export interface MeasuredRanking {
  /** Original indices of the ranked models, best first. */
  order: number[];
  /** Score per ranked model (principal eigenvector over the ranked models, sum 1), by original index. */
  scores: Map<number, number>;
  converged: boolean;
  /** Original indices of the models with no measured pair. */
  unmeasured: number[];
}

export function measuredRanking(performance: PerformanceMatrix, options: PowerIterationOptions = {}): MeasuredRanking | null {
  const measured = measuredDominance(performance);
  const kept: number[] = [];
  const unmeasured: number[] = [];
  measured.forEach((row, a) => (row.some((f, b) => b !== a && f !== null) ? kept : unmeasured).push(a));
  if (kept.length < 2) return null;
  const sub = kept.map((a) => kept.map((b) => performance[a]![b]!));
  const ranking = globalRanking(sub, options);
  return {
    order: ranking.order.map((i) => kept[i]!),
    scores: new Map(kept.map((a, i) => [a, ranking.vector[i]!])),
    converged: ranking.converged,
    unmeasured,
  };
}
