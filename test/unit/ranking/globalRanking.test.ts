import { describe, expect, it } from 'vitest';
import { dominanceMatrix, measuredDominance } from '../../../shared/ranking/dominance.js';
import { globalRanking, principalEigenvector, rankOrder } from '../../../shared/ranking/globalRanking.js';

/** P[a][b] = w_a / (w_a + w_b), so P[a][b] / P[b][a] = w_a / w_b: a consistent matrix whose eigenvector is w. */
function consistentPerformance(w: readonly number[], missing: Array<[number, number]> = []): Array<Array<number | null>> {
  const P = w.map((wa, a) => w.map((wb, b) => (a === b ? null : wa / (wa + wb))));
  for (const [a, b] of missing) {
    (P[a] as Array<number | null>)[b] = null;
    (P[b] as Array<number | null>)[a] = null;
  }
  return P;
}

describe('dominanceMatrix', () => {
  it('divides the two directions of each pair and puts 1 on the diagonal', () => {
    const P = [
      [null, 0.6, 0.4],
      [0.3, null, 0.2],
      [0.8, 0.8, null],
    ];
    expect(dominanceMatrix(P)).toEqual([
      [1, 2, 0.5],
      [0.5, 1, 0.25],
      [2, 4, 1],
    ]);
  });

  it('treats a null, zero or non-finite performance as a missing pair', () => {
    const P = [
      [null, 0.5, 0],
      [0.5, null, Number.NaN],
      [0.4, 0.4, null],
    ];
    expect(measuredDominance(P)).toEqual([
      [1, 1, null],
      [1, 1, null],
      [null, null, 1],
    ]);
  });

  it('fills a missing pair with the geometric mean of the two-step ratios through measured intermediates', () => {
    // 0→2 missing; via 1: F01·F12 = 2·2 = 4; via 3: F03·F32 = 1·1 = 1; geometric mean 2.
    const P = [
      [null, 0.6, null, 0.5],
      [0.3, null, 0.6, 0.5],
      [null, 0.3, null, 0.5],
      [0.5, 0.5, 0.5, null],
    ];
    const F = dominanceMatrix(P);
    expect(F[0]?.[2]).toBeCloseTo(2, 12);
    expect(F[2]?.[0]).toBeCloseTo(0.5, 12);
  });

  it('fills a missing pair with 1 when no intermediate links the two models', () => {
    const P = [
      [null, 0.6, null],
      [0.3, null, null],
      [null, null, null],
    ];
    expect(dominanceMatrix(P)).toEqual([
      [1, 2, 1],
      [0.5, 1, 1],
      [1, 1, 1],
    ]);
  });

  it('rejects a non-square matrix', () => {
    expect(() => dominanceMatrix([[null, 1], [1]])).toThrow(RangeError);
  });
});

describe('globalRanking', () => {
  it('recovers the weights of a consistent 3-model matrix (eigenvector (2,1,4)/7, eigenvalue 3)', () => {
    const P = [
      [null, 0.6, 0.4],
      [0.3, null, 0.2],
      [0.8, 0.8, null],
    ];
    const res = globalRanking(P);
    expect(res.converged).toBe(true);
    expect(res.eigenvalue).toBeCloseTo(3, 10);
    res.vector.forEach((v, i) => expect(v).toBeCloseTo(([2, 1, 4][i] as number) / 7, 10));
    expect(res.order).toEqual([2, 0, 1]);
  });

  it('gives equal scores to a rock-paper-scissors cycle and orders the tie by model index', () => {
    const P = [
      [null, 0.6, 0.3],
      [0.3, null, 0.6],
      [0.6, 0.3, null],
    ];
    const res = globalRanking(P);
    res.vector.forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
    expect(res.eigenvalue).toBeCloseTo(3.5, 12);
    expect(res.order).toEqual([0, 1, 2]);
  });

  it('ranks 4 models with the pair (1,2) missing as if it had been measured', () => {
    // w = (2, 8, 1, 4); the fill gives F12 = sqrt((F10·F02)(F13·F32)) = sqrt(8·8) = 8 = w1/w2.
    const res = globalRanking(consistentPerformance([2, 8, 1, 4], [[1, 2]]));
    expect(res.dominance[1]?.[2]).toBeCloseTo(8, 12);
    res.vector.forEach((v, i) => expect(v).toBeCloseTo(([2, 8, 1, 4][i] as number) / 15, 10));
    expect(res.eigenvalue).toBeCloseTo(4, 10);
    expect(res.order).toEqual([1, 3, 0, 2]);
  });

  it('ranks 4 models with every pair measured', () => {
    const res = globalRanking(consistentPerformance([3, 1, 6, 2]));
    res.vector.forEach((v, i) => expect(v).toBeCloseTo(([3, 1, 6, 2][i] as number) / 12, 10));
    expect(res.order).toEqual([2, 0, 3, 1]);
  });

  it('returns a true eigenvector for an inconsistent matrix with an unlinked pair', () => {
    // F = [[1,2,1],[.5,1,1],[1,1,1]]: λ = 1 − μ with μ³ − 3μ + 2.5 = 0, μ ≈ −2.0586.
    const P = [
      [null, 0.6, null],
      [0.3, null, null],
      [null, null, null],
    ];
    const res = globalRanking(P);
    const F = res.dominance;
    for (let a = 0; a < 3; a++) {
      const fv = (F[a] as number[]).reduce((s, f, b) => s + f * (res.vector[b] as number), 0);
      expect(fv).toBeCloseTo(res.eigenvalue * (res.vector[a] as number), 10);
    }
    const mu = 1 - res.eigenvalue;
    expect(mu ** 3 - 3 * mu + 2.5).toBeCloseTo(0, 9);
    expect(res.vector.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(res.order).toEqual([0, 2, 1]);
  });

  it('reports non-convergence when the iteration cap is hit', () => {
    const res = principalEigenvector(
      [
        [1, 2, 1],
        [0.5, 1, 1],
        [1, 1, 1],
      ],
      { maxIterations: 2 },
    );
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(2);
  });
});

describe('rankOrder', () => {
  it('sorts descending and keeps index order for scores equal to 1e-9', () => {
    expect(rankOrder([0.2, 0.5, 0.2 + 1e-13, 0.1])).toEqual([1, 0, 2, 3]);
  });
});
