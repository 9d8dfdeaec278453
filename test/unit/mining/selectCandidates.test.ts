import { describe, expect, it } from 'vitest';
import type { MadReason } from '../../../shared/mining/candidateSet.js';
import { customBounds, unconstrained, type ContentBounds } from '../../../shared/mining/contentConstraint.js';
import { mulberry32 } from '../../../shared/mining/prng.js';
import {
  selectCandidates,
  type MiningPoolStats,
  type SparseClassFractions,
} from '../../../shared/mining/selectCandidates.js';

const T = 10;
const G = 20;
const H = 30;

interface Img {
  id: number;
  hash?: string;
  /** Dense class fractions per model id. */
  fr: Record<number, number[]>;
  /** d per competitor id (pair with the target T). */
  d: Record<number, number>;
  pixels?: number;
}

function pool(images: Img[], numClasses: number, competitors: number[] = [G]): MiningPoolStats {
  const models = [T, ...competitors].map((modelId) => ({
    modelId,
    fractions: Float32Array.from(images.flatMap((im) => im.fr[modelId] ?? new Array<number>(numClasses).fill(0))),
  }));
  return {
    numClasses,
    imageIds: images.map((im) => im.id),
    contentHashes: images.map((im) => im.hash ?? `h${im.id}`),
    imagePixels: images.map((im) => im.pixels ?? 100),
    models,
    pairs: competitors.map((c) => ({
      targetModelId: T,
      competitorModelId: c,
      d: Float32Array.from(images.map((im) => im.d[c] ?? NaN)),
    })),
  };
}

const off = (c: number): ContentBounds => unconstrained(c);
const madReasons = (r: unknown[]): MadReason[] => r as MadReason[];

describe('selectCandidates', () => {
  it('never forms a subgroup for the background class', () => {
    const set = selectCandidates(
      pool(
        [
          { id: 1, fr: { [T]: [1, 0, 0], [G]: [1, 0, 0] }, d: { [G]: 0.9 } },
          { id: 2, fr: { [T]: [0.5, 0.5, 0], [G]: [0.5, 0.5, 0] }, d: { [G]: 0.1 } },
        ],
        3,
      ),
      { bounds: off(3) },
    );
    expect(set.candidates.map((c) => c.imageId)).toEqual([2]);
    expect(madReasons(set.candidates[0]!.reasons).map((r) => r.classId)).toEqual([1, 1]);
  });

  it('uses a configurable background class, or none', () => {
    const images = [{ id: 1, fr: { [T]: [1, 0], [G]: [1, 0] }, d: { [G]: 0.5 } }];
    expect(selectCandidates(pool(images, 2), { bounds: off(2), backgroundClassId: 1 }).candidates).toHaveLength(1);
    expect(selectCandidates(pool(images, 2), { bounds: off(2), backgroundClassId: null }).candidates).toHaveLength(1);
    expect(selectCandidates(pool(images, 2), { bounds: off(2) }).candidates).toHaveLength(0);
  });

  it('picks an image through the competitor as defender when the target map lacks the class', () => {
    const set = selectCandidates(
      pool(
        [
          // The target sees only background; the competitor sees class 2.
          { id: 7, fr: { [T]: [1, 0, 0], [G]: [0.6, 0, 0.4] }, d: { [G]: 0.8 } },
          { id: 8, fr: { [T]: [0.5, 0.5, 0], [G]: [0.5, 0.5, 0] }, d: { [G]: 0.2 } },
        ],
        3,
      ),
      { bounds: off(3) },
    );
    const seven = set.candidates.find((c) => c.imageId === 7)!;
    expect(madReasons(seven.reasons)).toEqual([
      { strategy: 'mad', targetModelId: T, competitorModelId: G, defenderModelId: G, classId: 2, rank: 1, d: expect.closeTo(0.8, 6), imageId: 7 },
    ]);
    const eight = set.candidates.find((c) => c.imageId === 8)!;
    expect(madReasons(eight.reasons).map((r) => r.defenderModelId)).toEqual([T, G]);
  });

  it('keeps an image in a subgroup only when the defender area lies within the bounds (inclusive)', () => {
    const images = [
      { id: 1, fr: { [T]: [0.95, 0.05], [G]: [0.95, 0.05] }, d: { [G]: 0.9 } },
      { id: 2, fr: { [T]: [0.75, 0.25], [G]: [0.75, 0.25] }, d: { [G]: 0.5 } },
      { id: 3, fr: { [T]: [0.5, 0.5], [G]: [0.5, 0.5] }, d: { [G]: 0.4 } },
      { id: 4, fr: { [T]: [0.2, 0.8], [G]: [0.2, 0.8] }, d: { [G]: 0.3 } },
    ];
    const bounded = selectCandidates(pool(images, 2), { bounds: customBounds(2, [{ classId: 1, min: 0.25, max: 0.5 }]) });
    expect(bounded.candidates.map((c) => c.imageId)).toEqual([2, 3]);
    expect(selectCandidates(pool(images, 2), { bounds: off(2) }).candidates.map((c) => c.imageId)).toEqual([1, 2, 3, 4]);
  });

  it('compares pixel counts (fraction × image pixels) with count bounds', () => {
    const images = [
      { id: 1, fr: { [T]: [0.5, 0.5], [G]: [0.5, 0.5] }, d: { [G]: 0.9 }, pixels: 1000 },
      { id: 2, fr: { [T]: [0.5, 0.5], [G]: [0.5, 0.5] }, d: { [G]: 0.5 }, pixels: 100 },
    ];
    const bounds: ContentBounds = { ...unconstrained(2, 'count'), lower: Float64Array.from([0, 40]), upper: Float64Array.from([1e9, 60]) };
    expect(selectCandidates(pool(images, 2), { bounds }).candidates.map((c) => c.imageId)).toEqual([2]);
  });

  it('keeps the n3 largest d per subgroup, equal d ranked by smaller image id', () => {
    const ds = [0.5, 0.9, 0.9, 0.1, 0.7];
    const ids = [15, 12, 11, 14, 13];
    const images = ds.map((d, i) => ({ id: ids[i]!, fr: { [T]: [0.5, 0.5], [G]: [1, 0] }, d: { [G]: d } }));
    const set = selectCandidates(pool(images, 2), { bounds: off(2), n3: 3 });
    expect(set.candidates.map((c) => c.imageId)).toEqual([11, 12, 13]);
    expect(set.candidates.map((c) => madReasons(c.reasons)[0]!.rank)).toEqual([1, 2, 3]);
    expect(set.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
  });

  it('merges images with the same content hash into one candidate with every reason', () => {
    const images = [
      { id: 5, hash: 'same', fr: { [T]: [0.5, 0.5, 0], [G]: [0.5, 0, 0.5] }, d: { [G]: 0.6 } },
      { id: 3, hash: 'same', fr: { [T]: [0.5, 0.5, 0], [G]: [0.5, 0.5, 0] }, d: { [G]: 0.4 } },
      { id: 4, hash: 'other', fr: { [T]: [0.5, 0.5, 0], [G]: [0.5, 0.5, 0] }, d: { [G]: 0.5 } },
    ];
    const set = selectCandidates(pool(images, 3), { bounds: off(3) });
    expect(set.candidates).toHaveLength(2);
    const same = set.candidates.find((c) => c.contentHash === 'same')!;
    expect(same.imageId).toBe(3);
    expect(same.imageIds).toEqual([3, 5]);
    expect(madReasons(same.reasons).map((r) => [r.defenderModelId, r.classId, r.rank, r.imageId])).toEqual([
      [T, 1, 1, 5],
      [T, 1, 3, 3],
      [G, 1, 2, 3],
      [G, 2, 1, 5],
    ]);
    // ordered by largest d: 'same' (0.6) before 'other' (0.5)
    expect(set.candidates.map((c) => c.contentHash)).toEqual(['same', 'other']);
  });

  it('leaves out images whose d is unknown (NaN) for that pair only', () => {
    const images = [{ id: 1, fr: { [T]: [0, 1], [G]: [0, 1], [H]: [0, 1] }, d: { [H]: 0.3 } }];
    const set = selectCandidates(pool(images, 2, [G, H]), { bounds: off(2) });
    expect(madReasons(set.candidates[0]!.reasons).map((r) => r.competitorModelId)).toEqual([H, H]);
  });

  it('gives the same set from sparse and dense fractions', () => {
    const p = randomPool(300, 6, [G, H], 11);
    const sparseModels = p.models.map((m) => ({ modelId: m.modelId, fractions: toSparse(m.fractions as Float32Array, 6) }));
    const dense = selectCandidates(p, { bounds: off(6), n3: 5 });
    const sparse = selectCandidates({ ...p, models: sparseModels }, { bounds: off(6), n3: 5 });
    expect(sparse).toEqual(dense);
  });

  it('matches a sort-based reference on a random pool and stays within 2·m·c·n3', () => {
    const numClasses = 6;
    const p = randomPool(400, numClasses, [G, H], 5);
    const bounds = customBounds(numClasses, [
      { classId: 2, min: 0.05, max: 0.3 },
      { classId: 4, min: 0.1, max: 0.2 },
    ]);
    const n3 = 7;
    const set = selectCandidates(p, { bounds, n3 });
    const got = set.candidates.flatMap((c) =>
      madReasons(c.reasons).map((r) => `${r.competitorModelId}/${r.defenderModelId}/${r.classId}/${r.rank}/${r.imageId}`),
    );
    expect(got.sort()).toEqual(referenceReasons(p, bounds, n3).sort());
    expect(set.candidates.length).toBeLessThanOrEqual(2 * 2 * numClasses * n3);
    expect(new Set(set.candidates.map((c) => c.contentHash)).size).toBe(set.candidates.length);
  });

  it('is deterministic: the same input twice gives deep-equal output', () => {
    const p = randomPool(500, 5, [G, H], 9);
    expect(selectCandidates(p, { bounds: off(5), n3: 4 })).toEqual(selectCandidates(p, { bounds: off(5), n3: 4 }));
  });

  it('refuses inconsistent statistics with a clear reason', () => {
    const p = pool([{ id: 1, fr: { [T]: [1, 0] }, d: { [G]: 0.1 } }], 2);
    expect(() => selectCandidates({ ...p, contentHashes: [] }, { bounds: off(2) })).toThrow(/content hashes/);
    expect(() => selectCandidates({ ...p, models: p.models.slice(0, 1) }, { bounds: off(2) })).toThrow(/no statistics for model 20/);
    expect(() => selectCandidates(p, { bounds: off(3) })).toThrow(/bounds cover 3/);
    expect(() => selectCandidates({ ...p, imagePixels: undefined }, { bounds: unconstrained(2, 'count') })).toThrow(/imagePixels/);
    expect(() =>
      selectCandidates({ ...p, models: [{ modelId: T, fractions: new Float32Array(3) }, p.models[1]!] }, { bounds: off(2) }),
    ).toThrow(/dense fractions/);
  });
});

function randomPool(numImages: number, numClasses: number, competitors: number[], seed: number): MiningPoolStats {
  const next = mulberry32(seed);
  const images: Img[] = [];
  for (let i = 0; i < numImages; i++) {
    const fr: Record<number, number[]> = {};
    for (const m of [T, ...competitors]) {
      const raw = Array.from({ length: numClasses }, () => (next() < 0.5 ? 0 : next()));
      raw[0] = 0.5;
      const sum = raw.reduce((s, v) => s + v, 0);
      fr[m] = raw.map((v) => v / sum);
    }
    const d: Record<number, number> = {};
    // Coarse d values so ties happen and the id tie-break is exercised.
    for (const c of competitors) d[c] = Math.floor(next() * 20) / 20;
    images.push({ id: 1000 + ((i * 7919) % numImages), hash: `h${Math.floor(next() * numImages * 0.9)}`, fr, d });
  }
  return pool(images, numClasses, competitors);
}

function toSparse(dense: Float32Array, numClasses: number): SparseClassFractions {
  const offsets = [0];
  const classIds: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < dense.length / numClasses; i++) {
    for (let k = 0; k < numClasses; k++) {
      const v = dense[i * numClasses + k]!;
      if (v > 0) {
        classIds.push(k);
        values.push(v);
      }
    }
    offsets.push(values.length);
  }
  return { offsets: Uint32Array.from(offsets), classIds: Uint8Array.from(classIds), values: Float32Array.from(values) };
}

function referenceReasons(p: MiningPoolStats, bounds: ContentBounds, n3: number): string[] {
  const out: string[] = [];
  const fr = new Map(p.models.map((m) => [m.modelId, m.fractions as Float32Array]));
  for (const pair of p.pairs) {
    for (const def of [pair.targetModelId, pair.competitorModelId]) {
      for (let k = 1; k < p.numClasses; k++) {
        const members: Array<{ id: number; d: number }> = [];
        for (let i = 0; i < p.imageIds.length; i++) {
          const f = fr.get(def)![i * p.numClasses + k]!;
          if (f > 0 && f >= bounds.lower[k]! && f <= bounds.upper[k]!) members.push({ id: p.imageIds[i]!, d: pair.d[i]! });
        }
        members.sort((a, b) => b.d - a.d || a.id - b.id);
        members.slice(0, n3).forEach((m, r) => out.push(`${pair.competitorModelId}/${def}/${k}/${r + 1}/${m.id}`));
      }
    }
  }
  return out;
}
