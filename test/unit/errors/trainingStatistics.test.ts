import { describe, expect, it } from 'vitest';
import { boundaryDistance, distanceToValue } from '../../../shared/errors/boundaryDistance.js';
import { categoryShares, emptyTotals, imageMix, mergeTotals } from '../../../shared/errors/errorMix.js';
import { TrainingStatisticsBuilder, adjacencyShare, atypicality, lift } from '../../../shared/errors/trainingStatistics.js';

const map = (rows: string[]) => Uint8Array.from(rows.join('').split('').map((ch) => (ch === '.' ? 255 : Number(ch))));

describe('S0 statistics', () => {
  // Image A: classes 0 and 1 side by side; image B: only 0 and 2; image C: 1 and 2.
  const a = map(['0011', '0011']);
  const b = map(['0000', '0022']);
  const c = map(['1122', '1.22']);

  it('counts image-level co-occurrence and gives the lift P(a,b)/(P(a)P(b))', () => {
    const builder = new TrainingStatisticsBuilder(3);
    for (const m of [a, b, c]) builder.addMask(m, 4, 2);
    const s = builder.finish();
    expect(s.images).toBe(3);
    expect([...s.imagesWith]).toEqual([2, 2, 2]);
    expect(s.pairImages[0 * 3 + 1]).toBe(1);
    expect(lift(s, 0, 1)).toBeCloseTo((1 / 3) / ((2 / 3) * (2 / 3)), 12);
    expect(lift(s, 0, 0)).toBeCloseTo(1.5, 12);
  });

  it('counts 4-neighbour adjacency of class pairs, ignoring the ignore value', () => {
    const builder = new TrainingStatisticsBuilder(3);
    builder.addMask(a, 4, 2);
    builder.addMask(c, 4, 2);
    const s = builder.finish();
    // a: two 0|1 pairs. c: 1|2 in row 0, and 2 below 1 at (1,0)-(1,1) is ignored, 1-over-1 no pair, (2,1)|2 same.
    expect(s.adjacency[0 * 3 + 1]).toBe(2);
    expect(s.adjacency[1 * 3 + 0]).toBe(2);
    expect(s.adjacency[1 * 3 + 2]).toBe(1);
    expect(adjacencyShare(s, 1, 0)).toBeCloseTo(2 / 3, 12);
    expect(adjacencyShare(s, 2, 1)).toBe(1);
  });

  it('keeps each class’s log area and log aspect ratio statistics, streamed in any order', () => {
    const one = new TrainingStatisticsBuilder(3);
    const other = new TrainingStatisticsBuilder(3);
    for (const m of [a, b, c]) one.addMask(m, 4, 2);
    for (const m of [c, b, a]) other.addMask(m, 4, 2);
    const s = one.finish();
    const t = other.finish();
    // Class 2 regions: b's 2×1 (area 2/8, aspect 2) and c's 2×2 (area 4/8, aspect 1).
    expect(s.regionCount[2]).toBe(2);
    expect(s.meanLogArea[2]).toBeCloseTo((Math.log(2 / 8) + Math.log(4 / 8)) / 2, 12);
    expect(s.meanLogAspect[2]).toBeCloseTo(Math.log(2) / 2, 12);
    expect(s.sdLogAspect[2]).toBeCloseTo(Math.abs(Math.log(2)) / Math.SQRT2, 12);
    for (const key of ['meanLogArea', 'sdLogArea', 'meanLogAspect', 'sdLogAspect', 'adjacency', 'pairImages'] as const) {
      [...s[key]].forEach((v, i) => expect(v).toBeCloseTo(t[key][i]!, 12));
    }
    expect(atypicality(s, 2, 2, 2, 1, 8, 2)).toBeCloseTo(Math.abs(Math.log(2) - Math.log(2) / 2) / s.sdLogAspect[2]!, 9);
    expect(atypicality(s, 2, 2, 2, 1, 8, 3)).toBeNull();
  });

  it('is silent about classes S0 never shows', () => {
    const s = new TrainingStatisticsBuilder(4).finish();
    expect(lift(s, 0, 1)).toBe(0);
    expect(adjacencyShare(s, 0, 1)).toBe(0);
    expect(atypicality(s, 3, 10, 2, 5, 100, 2)).toBeNull();
  });
});

describe('boundary distances', () => {
  it('measures the chessboard distance to a class boundary on both sides, capped', () => {
    const m = map(['00000000', '00000000', '00000000', '00001111', '00001111', '00001111']);
    const d = boundaryDistance(m, 8, 6, 3);
    expect([...d.subarray(0, 8)]).toEqual([3, 3, 2, 2, 2, 2, 2, 2]);
    expect([...d.subarray(24, 32)]).toEqual([3, 2, 1, 0, 0, 0, 0, 0]);
    expect([...d.subarray(40, 48)]).toEqual([3, 2, 1, 0, 0, 1, 2, 2]);
  });

  it('measures the distance to the nearest pixel of a value', () => {
    const m = map(['1000', '0000', '0002']);
    expect([...distanceToValue(m, 4, 3, 2, 9)]).toEqual([3, 2, 2, 2, 3, 2, 1, 1, 3, 2, 1, 0]);
  });
});

describe('mixes and distributions', () => {
  const regions = [
    { category: 'missed' as const, pixels: 30 },
    { category: 'missed' as const, pixels: 10 },
    { category: 'boundary_under' as const, pixels: 60 },
    { category: 'correct' as const, pixels: 500 },
  ];

  it('sums pixels and regions per category', () => {
    const mix = imageMix(regions);
    expect(mix.missed).toEqual({ pixels: 40, regions: 2 });
    expect(mix.correct).toEqual({ pixels: 500, regions: 1 });
    expect(mix.stuff).toEqual({ pixels: 0, regions: 0 });
    expect(mergeTotals(mix, mix).boundary_under).toEqual({ pixels: 120, regions: 2 });
  });

  it('shares model errors pixel-weighted and region-counted, leaving correct regions out', () => {
    const mix = imageMix(regions);
    const byPixels = categoryShares(mix, 'pixels');
    expect(byPixels.missed).toBeCloseTo(0.4, 12);
    expect(byPixels.boundary_under).toBeCloseTo(0.6, 12);
    expect(byPixels.correct).toBe(0);
    const byRegions = categoryShares(mix, 'regions');
    expect(byRegions.missed).toBeCloseTo(2 / 3, 12);
    expect(categoryShares(mix, 'regions', ['correct', 'missed']).correct).toBeCloseTo(1 / 3, 12);
    expect(Object.values(categoryShares(emptyTotals(), 'pixels')).every((v) => v === 0)).toBe(true);
  });
});
