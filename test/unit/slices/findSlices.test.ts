import { describe, expect, it } from 'vitest';
import { attributeContrasts, describeContrasts } from '../../../shared/slices/attributeContrasts.js';
import { findSlices } from '../../../shared/slices/findSlices.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import { confirmSlices, testSlice } from '../../../shared/slices/sliceTest.js';
import { splitDiscovery } from '../../../shared/slices/splitDiscovery.js';
import { syntheticSliceData } from '../../helpers/syntheticSlices.js';

const params = SliceParams.parse({});

describe('findSlices on synthetic embeddings', () => {
  it('confirms the planted weak cluster on held-out images and describes it as darker', () => {
    const data = syntheticSliceData({ n: 1200, dims: 16, seed: 3 });
    const { heldOut } = splitDiscovery(new Array(data.failed.length).fill(null), { seed: 1 });
    const analysis = findSlices({ ...data, heldOut }, params);
    expect(analysis.structure.present).toBe(true);
    expect(analysis.structure.auroc).toBeGreaterThan(0.6);
    const top = analysis.slices[0]!;
    expect(top.test.confirmed).toBe(true);
    expect(top.test.ratio.estimate).toBeGreaterThan(3);
    expect(top.test.qValue).toBeLessThan(0.001);
    // The top slice is the planted condition: most of its members are planted images.
    let members = 0;
    let plantedMembers = 0;
    analysis.membership.forEach((s, i) => {
      if (s !== 0) return;
      members++;
      plantedMembers += data.planted[i]!;
    });
    expect(plantedMembers / members).toBeGreaterThan(0.8);
    expect(top.description).toMatch(/^darker \(brightness 0\.1\d vs 0\.4\d\)/);
    expect(analysis.failureDescription).toMatch(/darker/);
  });

  it('proposes no slice when failure does not depend on the embedding (AUROC gate)', () => {
    const data = syntheticSliceData({ n: 1200, dims: 16, seed: 4, structure: false });
    const { heldOut } = splitDiscovery(new Array(data.failed.length).fill(null), { seed: 1 });
    const analysis = findSlices({ ...data, heldOut }, params);
    expect(analysis.structure.present).toBe(false);
    expect(analysis.structure.auroc).toBeLessThan(0.6);
    expect(analysis.slices).toEqual([]);
    expect(analysis.notes[0]).toMatch(/^No structure: .*AUROC 0\.\d\d, below 0\.6/);
    expect([...analysis.membership].every((m) => m === -1)).toBe(true);
  });

  it('does not confirm a slice built from random images', () => {
    const data = syntheticSliceData({ n: 1200, dims: 16, seed: 3 });
    // 150 held-out images drawn at random against the other held-out images.
    const { heldOut } = splitDiscovery(new Array(data.failed.length).fill(null), { seed: 1 });
    const rows = [...heldOut.keys()].filter((i) => heldOut[i]);
    const inside = { images: 0, failures: 0 };
    const outside = { images: 0, failures: 0 };
    rows.forEach((row, k) => {
      const side = k % 4 === 0 ? inside : outside;
      side.images++;
      side.failures += data.failed[row]!;
    });
    const [result] = confirmSlices([testSlice(inside, outside)], params);
    expect(result!.confirmed).toBe(false);
    expect(result!.ratio.lower!).toBeLessThan(1);
  });
});

describe('confirmation rules', () => {
  it('need ≥ 25 test images, a ratio ≥ 1.5 and q ≤ 0.10, and say which rule failed', () => {
    const strong = testSlice({ images: 40, failures: 30 }, { images: 400, failures: 40 });
    const small = testSlice({ images: 10, failures: 10 }, { images: 400, failures: 40 });
    const weak = testSlice({ images: 4000, failures: 1200 }, { images: 4000, failures: 1000 });
    const [a, b, c] = confirmSlices([strong, small, weak], { fdr: 0.1, minHeldOut: 25, minRatio: 1.5 });
    expect(a!.confirmed).toBe(true);
    expect(a!.reasons).toEqual([]);
    expect(b!.confirmed).toBe(false);
    expect(b!.reasons).toEqual(['only 10 test images (needs 25)']);
    // Significant (p tiny) but only 1.2× the rest's rate.
    expect(c!.qValue).toBeLessThan(0.001);
    expect(c!.reasons).toEqual(['failure-rate ratio 1.20 (needs 1.5)']);
  });
});

describe('discovery / held-out split', () => {
  it('holds out whole folders when there are enough of them', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `seq-${i % 10}`);
    const split = splitDiscovery(keys, { seed: 5 });
    expect(split.by).toBe('group');
    for (let g = 0; g < 10; g++) {
      const flags = new Set(keys.map((k, i) => (k === `seq-${g}` ? split.heldOut[i] : -1)).filter((f) => f !== -1));
      expect(flags.size).toBe(1);
    }
    const held = split.heldOut.reduce((a, b) => a + b, 0);
    expect(held).toBeGreaterThanOrEqual(50);
    expect(held).toBeLessThanOrEqual(60);
  });

  it('falls back to a seeded random half when folders are too few', () => {
    const keys = Array.from({ length: 101 }, (_, i) => (i < 60 ? 'a' : 'b'));
    const one = splitDiscovery(keys, { seed: 5 });
    expect(one.by).toBe('random');
    expect(one.heldOut.reduce((a, b) => a + b, 0)).toBe(51);
    expect(splitDiscovery(keys, { seed: 5 }).heldOut).toEqual(one.heldOut);
    expect(splitDiscovery(keys, { seed: 6 }).heldOut).not.toEqual(one.heldOut);
  });
});

describe('attribute contrasts', () => {
  it('rank numbers by Cohen d and shares by Cohen h, by hand', () => {
    // Group [1, 3] vs rest [5, 7]: means 2 vs 6, pooled sd √((2 + 2) / 2) = √2 → d = −4/√2.
    const table = {
      numeric: [{ key: 'b', label: 'brightness', values: [1, 3, 5, 7], lower: 'darker', higher: 'brighter', format: 'fraction' as const }],
      categorical: [{ key: 'folder', label: 'folder', values: ['night', 'night', 'day', 'night'] }],
    };
    const contrasts = attributeContrasts(table, [1, 1, 0, 0], { minCount: 1 });
    expect(contrasts[0]).toMatchObject({ kind: 'numeric', inside: 2, outside: 6, phrase: 'darker (brightness 2.00 vs 6.00)' });
    expect(contrasts[0]!.effect).toBeCloseTo(-4 / Math.SQRT2, 12);
    const night = contrasts.find((c) => c.kind === 'share' && c.value === 'night')!;
    // Shares 1 vs 0.5: h = 2·asin(1) − 2·asin(√0.5) = π − π/2.
    expect(night.effect).toBeCloseTo(Math.PI / 2, 12);
    expect(describeContrasts(contrasts, { terms: 1 })).toBe('darker (brightness 2.00 vs 6.00)');
    expect(describeContrasts([])).toMatch(/^No attribute stands out/);
  });

  it('count completely separated groups (no spread at all) as a finite effect of 10, so reports stay JSON', () => {
    const table = {
      numeric: [{ key: 'w', label: 'width', values: [640, 640, 1024, 1024], lower: 'narrower', higher: 'wider', format: 'pixels' as const }],
      categorical: [],
    };
    const [c] = attributeContrasts(table, [1, 1, 0, 0]);
    expect(c).toMatchObject({ effect: -10, phrase: 'narrower (width 640 px vs 1024 px)' });
    expect(JSON.parse(JSON.stringify(c)).effect).toBe(-10);
  });
});
