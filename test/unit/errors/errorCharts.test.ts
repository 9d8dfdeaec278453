import { describe, expect, it } from 'vitest';
import type { ErrorOverview, ErrorRunView } from '../../../shared/contract/methods/errorMethods.js';
import { emptyTotals } from '../../../shared/errors/errorMix.js';
import { CHARTED_CATEGORIES, stackedErrorBars } from '../../../renderer/src/views/errors/errorCharts.js';

function run(runId: number, modelId: number, images: number, counts: Partial<Record<'missed' | 'stuff' | 'correct', [number, number]>>): ErrorRunView {
  const totals = emptyTotals();
  for (const [c, [pixels, regions]] of Object.entries(counts) as Array<['missed' | 'stuff' | 'correct', [number, number]]>) totals[c] = { pixels, regions };
  return { runId, modelId, setName: 'T0', setKind: 'user', roundIdx: 0, images, unlabelled: 0, unpredicted: 0, probsImages: 0, labelErrorRule: 'no_probabilities', note: null, totals, parentRunId: null, createdAt: '' };
}

describe('the Errors view’s stacked chart', () => {
  const overview: ErrorOverview = {
    sets: [],
    models: [
      { id: 1, name: 'base', version: '1', parentId: null, isTarget: false },
      { id: 2, name: 'tuned', version: '2', parentId: 1, isTarget: true },
    ],
    runs: [run(1, 1, 4, { missed: [30, 3], stuff: [10, 1], correct: [900, 9] }), run(2, 2, 4, { missed: [5, 1] }), run(3, 2, 0, {})],
  };

  it('stacks the error kinds per run, leaving correct regions and empty runs out', () => {
    const bars = stackedErrorBars(overview, 'pixels', false);
    expect(bars.labels).toEqual(['T0 · base 1', 'T0 · tuned 2']);
    expect(bars.series.map((s) => s.category)).toEqual([...CHARTED_CATEGORIES]);
    expect(CHARTED_CATEGORIES).not.toContain('correct');
    expect(bars.series.find((s) => s.category === 'missed')!.data).toEqual([30, 5]);
  });

  it('gives each kind’s share of a run’s errors, by pixels or by regions', () => {
    const byPixels = stackedErrorBars(overview, 'pixels', true);
    expect(byPixels.series.find((s) => s.category === 'missed')!.data).toEqual([0.75, 1]);
    const byRegions = stackedErrorBars(overview, 'regions', true);
    expect(byRegions.series.find((s) => s.category === 'stuff')!.data).toEqual([0.25, 0]);
  });
});
