import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { kmeans } from '../../../shared/slices/kmeans.js';
import { crossValidatedAuroc, fitLogistic, logisticScore, stratifiedFolds } from '../../../shared/slices/logisticRegression.js';
import { applyReduction, reduceDimensions, symmetricEigen } from '../../../shared/slices/reduceDimensions.js';
import { clusterBySilhouette, silhouette } from '../../../shared/slices/silhouette.js';
import { regionMembership, regionsFromClusters } from '../../../shared/slices/sliceRegions.js';

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-300))) * Math.cos(2 * Math.PI * random());
}

/** Gaussian blobs in `dims` dimensions around the given centres, `per` points each. */
function blobs(centres: number[][], per: number, spread: number, seed: number): { points: Float64Array; labels: Int32Array } {
  const random = mulberry32(seed);
  const dims = centres[0]!.length;
  const points = new Float64Array(centres.length * per * dims);
  const labels = new Int32Array(centres.length * per);
  centres.forEach((centre, c) => {
    for (let i = 0; i < per; i++) {
      const row = c * per + i;
      labels[row] = c;
      for (let j = 0; j < dims; j++) points[row * dims + j] = centre[j]! + spread * normal(random);
    }
  });
  return { points, labels };
}

describe('silhouette', () => {
  it('matches the hand computation on four points in two clusters', () => {
    // Points 0, 1 | 10, 11: s(0) = 1 − 1/10.5, s(1) = 1 − 1/9.5, symmetric for the others.
    const expected = (2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4;
    expect(silhouette([0, 1, 10, 11], 1, [0, 0, 1, 1], 2)).toBeCloseTo(expected, 12);
  });

  it('scores a singleton 0 and a bad split below a good one', () => {
    // s(0) = 0 (alone); point 1: a = 9, b = 1 → (1 − 9)/9; point 10: a = 9, b = 10 → 0.1.
    expect(silhouette([0, 1, 10], 1, [0, 1, 1], 2)).toBeCloseTo((0 + (1 - 9) / 9 + 0.1) / 3, 12);
    expect(silhouette([0, 1, 10, 11], 1, [0, 1, 0, 1], 2)).toBeLessThan(0);
  });

  it('picks the planted number of clusters', () => {
    const { points } = blobs([[0, 0], [8, 0], [0, 8], [8, 8]], 30, 0.7, 3);
    const chosen = clusterBySilhouette(points, 2, { seed: 1, kMin: 2, kMax: 7 });
    expect(chosen.clustering.k).toBe(4);
    expect(chosen.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7]);
  });
});

describe('k-means++', () => {
  it('recovers separated blobs exactly and is reproducible for a seed', () => {
    const { points, labels } = blobs([[0, 0, 0], [6, 6, 0], [0, 6, 6]], 40, 0.5, 7);
    const a = kmeans(points, 3, 3, { seed: 11 });
    const b = kmeans(points, 3, 3, { seed: 11 });
    expect(a.assignment).toEqual(b.assignment);
    // Same partition up to renaming the clusters.
    const rename = new Map<number, number>();
    for (let i = 0; i < labels.length; i++) {
      const seen = rename.get(labels[i]!);
      if (seen === undefined) rename.set(labels[i]!, a.assignment[i]!);
      else expect(a.assignment[i]).toBe(seen);
    }
    expect(new Set(rename.values()).size).toBe(3);
  });

  it('handles k = n and duplicate points without empty clusters', () => {
    const r = kmeans([1, 1, 1, 1, 5, 5], 1, 3, { seed: 2 });
    expect(r.inertia).toBeCloseTo(0, 12);
    expect(() => kmeans([1, 2], 1, 3)).toThrow(RangeError);
  });
});

describe('slice regions', () => {
  it('take the nearest centroid within the radius, −1 beyond it', () => {
    const centroids = [0, 10];
    const failures = [0, 1, -1, 10, 11, 9];
    const regions = regionsFromClusters(failures, 1, [0, 1, 2, 3, 4, 5], [0, 0, 0, 1, 1, 1], centroids, 2, 1);
    expect(regions.map((r) => r.radius)).toEqual([1, 1]);
    expect([...regionMembership([0.5, 1.5, 9.2, 5, -0.9], 1, regions)]).toEqual([0, -1, 1, -1, 0]);
  });
});

describe('L2 logistic regression', () => {
  it('reaches the penalised optimum: the gradient vanishes (checked in the original scale)', () => {
    const random = mulberry32(5);
    const n = 200;
    const x = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = normal(random) * 3 + 1;
      x[2 * i + 1] = normal(random);
      y[i] = random() < 1 / (1 + Math.exp(-(0.8 * x[2 * i]! - 0.5))) ? 1 : 0;
    }
    const rows = Array.from({ length: n }, (_, i) => i);
    const lambda = 2;
    const model = fitLogistic(x, 2, y, rows, { lambda });
    // ∂/∂w_j of Σ log-loss + λ/2 |w|² in the standardised features, and ∂/∂b.
    const grad = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-logisticScore(model, x, 2, i)));
      for (let j = 0; j < 2; j++) grad[j]! += (p - y[i]!) * ((x[2 * i + j]! - model.mean[j]!) / model.scale[j]!);
      grad[2]! += p - y[i]!;
    }
    for (let j = 0; j < 2; j++) expect(Math.abs(grad[j]! + lambda * model.weights[j]!)).toBeLessThan(1e-6);
    expect(Math.abs(grad[2]!)).toBeLessThan(1e-6);
    expect(model.weights[0]).toBeGreaterThan(1);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(0.5);
  });

  it('cross-validated AUROC is high where failure depends on the features and near ½ where it does not', () => {
    const random = mulberry32(9);
    const n = 400;
    const x = new Float64Array(n * 4);
    const structured = new Uint8Array(n);
    const noise = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 4; j++) x[4 * i + j] = normal(random);
      structured[i] = x[4 * i]! + 0.3 * normal(random) > 0.8 ? 1 : 0;
      noise[i] = random() < 0.2 ? 1 : 0;
    }
    const good = crossValidatedAuroc(x, 4, structured, { seed: 1 });
    const none = crossValidatedAuroc(x, 4, noise, { seed: 1 });
    expect(good.folds).toBe(5);
    expect(good.auroc).toBeGreaterThan(0.9);
    expect(none.auroc).toBeLessThan(0.6);
    expect(none.auroc).toBeGreaterThan(0.35);
  });

  it('deals failures and passes evenly over the folds', () => {
    const y = Uint8Array.from({ length: 23 }, (_, i) => (i < 10 ? 1 : 0));
    const fold = stratifiedFolds(y, 5, 3);
    for (let f = 0; f < 5; f++) {
      const rows = [...fold.keys()].filter((i) => fold[i] === f);
      expect(rows.filter((i) => y[i]).length).toBe(2);
    }
  });
});

describe('dimension reduction', () => {
  it('diagonalises a symmetric matrix (Jacobi)', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('keeps low-dimensional embeddings as standardised features', () => {
    const { reduction, points } = reduceDimensions([1, 10, 3, 30], 2);
    expect(reduction.components).toBeNull();
    expect([...points]).toEqual([-1, -1, 1, 1]);
  });

  it('finds the planted principal directions of wide embeddings, and projects new rows the same way', () => {
    const random = mulberry32(4);
    const n = 300;
    const d = 64;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const a = normal(random) * 5;
      const b = normal(random) * 3;
      for (let j = 0; j < d; j++) x[i * d + j] = (j < 32 ? a : b) + 0.1 * normal(random);
    }
    const { reduction, points } = reduceDimensions(x, d, { maxDims: 8, seed: 2 });
    expect(reduction.dims).toBe(8);
    // After standardising, the two blocks of 32 equal features make two components of variance ≈ 32 each; the rest is noise.
    const variance = (c: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += points[i * 8 + c]! ** 2;
      return s / n;
    };
    expect(variance(0) + variance(1)).toBeGreaterThan(0.98 * 64);
    expect(variance(2)).toBeLessThan(0.05);
    const again = applyReduction(reduction, x.subarray(0, 3 * d));
    expect([...again]).toEqual([...points.subarray(0, 3 * 8)]);
  });
});
