import { describe, expect, it } from 'vitest';
import type { Leaderboard } from '../../../shared/contract/methods/evaluationMethods.js';
import { miouAcrossRounds, miouChartHeight, miouLegendRows } from '../../../renderer/src/views/rounds/leaderboardCharts.js';

function board(names: string[]): Leaderboard {
  return { models: names.map((name, i) => ({ id: i + 1, name, version: '1', isTarget: i === 0 })), sets: [], results: [] } as unknown as Leaderboard;
}

describe('the mIoU chart legend', () => {
  it('lists every model on as many lines as it needs instead of paging them', () => {
    // Each item is 40 px + 7 px per character of "name 1"; lines are planned 380 px wide.
    expect(miouLegendRows(board(['a', 'b', 'c']))).toBe(1);
    // The demo's four models: "context-pyramid 1" is 159 px, so two fit a line.
    expect(miouLegendRows(board(['colour-mlp', 'local-filters', 'context-pyramid', 'texture-energy']))).toBe(2);
    // 12 items of "model-number-N 1" (16–17 characters: 152–159 px): two fit a line.
    const many = board(Array.from({ length: 12 }, (_, i) => `model-number-${i}`));
    expect(miouLegendRows(many)).toBe(6);
    const option = miouAcrossRounds(many) as { legend: { type: string }; grid: { top: number } };
    expect(option.legend.type).toBe('plain');
    // The axis name gets 16 px of its own between the legend and the plot.
    expect(option.grid.top).toBe(18 + 16 + 6 * 22);
    expect(miouChartHeight(many)).toBe(240 + 16 + 6 * 22);
  });
});
