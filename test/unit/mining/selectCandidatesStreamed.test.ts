import { describe, expect, it } from 'vitest';
import { customBounds, unconstrained, type ContentBounds } from '../../../shared/mining/contentConstraint.js';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { selectCandidates, type MiningPoolStats } from '../../../shared/mining/selectCandidates.js';
import { selectCandidatesStreamed, type MadPoolRow, type MadPoolSource } from '../../../shared/mining/selectCandidatesStreamed.js';

const NUM_CLASSES = 5;

/** A pool with twins (shared content hashes), unknown d, images a model has no fractions for, and sparse classes. */
function randomPool(seed: number, images: number, competitors: number[]): MiningPoolStats {
  const next = mulberry32(seed);
  const ids = Array.from({ length: images }, (_, i) => 3 * i + 1);
  const models = [1, ...competitors].map((modelId) => {
    const fractions = new Float32Array(images * NUM_CLASSES);
    for (let i = 0; i < images; i++) {
      if (next() < 0.05) continue;
      let left = 1;
      for (let k = 0; k < NUM_CLASSES; k++) {
        const f = next() < 0.4 ? Math.min(left, Math.round(next() * 8) / 16) : 0;
        fractions[i * NUM_CLASSES + k] = f;
        left -= f;
      }
    }
    return { modelId, fractions };
  });
  return {
    numClasses: NUM_CLASSES,
    imageIds: ids,
    contentHashes: ids.map((id) => `h${id % 17 === 0 ? 'twin' : id}`),
    imagePixels: ids.map((id) => 100 + (id % 7) * 10),
    models,
    // Few distinct d values, so ties between images are common and the tie rule is exercised.
    pairs: competitors.map((c) => ({ targetModelId: 1, competitorModelId: c, d: Float64Array.from(ids, () => (next() < 0.05 ? NaN : Math.round(next() * 10) / 10)) })),
  };
}

/** The same pool as the store would stream it: one refilled row per image, in a shuffled order. */
function streamed(pool: MiningPoolStats, order: number[]): MadPoolSource {
  const fractionsOf = (modelId: number, i: number): Float32Array | null => {
    const all = pool.models.find((m) => m.modelId === modelId)!.fractions as Float32Array;
    const row = all.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES);
    return row.some((f) => f > 0) ? row : null;
  };
  const targetModelId = pool.pairs[0]!.targetModelId;
  return {
    targetModelId,
    competitorModelIds: pool.pairs.map((pair) => pair.competitorModelId),
    *rows(): Generator<MadPoolRow> {
      const row: MadPoolRow = { imageId: 0, target: null, pairs: pool.pairs.map(() => ({ d: 0, competitor: null })), pixels: 0 };
      for (const i of order) {
        row.imageId = pool.imageIds[i]!;
        row.target = fractionsOf(targetModelId, i);
        pool.pairs.forEach((pair, j) => {
          row.pairs[j]!.d = pair.d[i]!;
          row.pairs[j]!.competitor = fractionsOf(pair.competitorModelId, i);
        });
        row.pixels = pool.imagePixels![i]!;
        yield row;
      }
    },
  };
}

function hashes(pool: MiningPoolStats) {
  const byId = new Map(Array.from(pool.imageIds, (id, i) => [id, pool.contentHashes[i]!]));
  const asked: number[][] = [];
  return {
    asked,
    lookup: (ids: readonly number[]) => {
      asked.push([...ids]);
      return new Map(ids.map((id) => [id, byId.get(id)!]));
    },
  };
}

function countBounds(min: number, max: number): ContentBounds {
  const b = unconstrained(NUM_CLASSES, 'count');
  for (let k = 0; k < NUM_CLASSES; k++) {
    b.lower[k] = min;
    b.upper[k] = max;
  }
  return b;
}

describe('selectCandidatesStreamed', () => {
  const bounds: Array<[string, ContentBounds]> = [
    ['no bounds', unconstrained(NUM_CLASSES)],
    ['fraction bounds', customBounds(NUM_CLASSES, Array.from({ length: NUM_CLASSES }, (_, classId) => ({ classId, min: 0.1, max: 0.4 })))],
    ['pixel-count bounds', countBounds(20, 50)],
  ];
  for (const [name, b] of bounds) {
    it(`picks the same candidates, reasons and order as the in-memory selection (${name})`, () => {
      const pool = randomPool(11, 400, [2, 3]);
      const expected = selectCandidates(pool, { bounds: b, n3: 4 });
      const order = Array.from({ length: 400 }, (_, i) => i).sort((x, y) => ((x * 7919) % 401) - ((y * 7919) % 401));
      const got = selectCandidatesStreamed(streamed(pool, order), hashes(pool).lookup, { numClasses: NUM_CLASSES, bounds: b, n3: 4 });
      expect(got.candidates.length).toBeGreaterThan(5);
      expect(got).toEqual(expected);
    });
  }

  it('merges twins by content hash and asks for the hashes of the kept images only', () => {
    const pool = randomPool(5, 300, [2]);
    const lookup = hashes(pool);
    const set = selectCandidatesStreamed(streamed(pool, Array.from(pool.imageIds, (_, i) => i)), lookup.lookup, { numClasses: NUM_CLASSES, bounds: unconstrained(NUM_CLASSES), n3: 3, backgroundClassId: null });
    expect(lookup.asked).toHaveLength(1);
    expect(lookup.asked[0]!.length).toBeLessThanOrEqual(2 * NUM_CLASSES * 3);
    const twins = set.candidates.filter((c) => c.contentHash === 'htwin');
    expect(twins.length).toBeLessThanOrEqual(1);
    expect(set).toEqual(selectCandidates(pool, { bounds: unconstrained(NUM_CLASSES), n3: 3, backgroundClassId: null }));
  });

  it('refuses bounds over another number of classes', () => {
    const none: MadPoolSource = { targetModelId: 1, competitorModelIds: [2], rows: () => [] };
    expect(() => selectCandidatesStreamed(none, () => new Map(), { numClasses: NUM_CLASSES, bounds: unconstrained(3) })).toThrow(RangeError);
  });
});
