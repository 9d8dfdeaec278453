import type { Leaderboard } from '../../../../shared/contract/methods/evaluationMethods.js';
import { axisStyle, type ChartOption } from '../../charts/EChart.js';

export function modelLabel(board: Leaderboard, id: number): string {
  const m = board.models.find((x) => x.id === id);
  return m ? `${m.name} ${m.version}` : `model ${id}`;
}

/** mIoU of every model on each test set, in round order: a line per model. */
export function miouAcrossRounds(board: Leaderboard): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '—') },
    legend: { type: 'scroll', top: 0, textStyle: { color: '#c9cdd8' } },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: board.sets.map((s) => `${s.name} (${s.images})`), ...axisStyle },
    yAxis: { type: 'value', name: 'mIoU', min: 0, max: 1, ...axisStyle },
    series: board.models.map((m) => ({
      name: modelLabel(board, m.id),
      type: 'line',
      symbolSize: 8,
      lineStyle: { width: m.isTarget ? 3 : 1.5 },
      data: board.sets.map((s) => board.results.find((r) => r.modelId === m.id && r.testSetId === s.id)?.miou ?? null),
    })),
  };
}

/** The global ranking's scores (principal eigenvector of the dominance matrix), best first. */
export function rankingBars(board: Leaderboard): ChartOption {
  const order = board.ranking?.order ?? [];
  const score = (id: number) => board.ranking?.scores.find((s) => s.modelId === id)?.score ?? 0;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '') },
    grid: { left: 140, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', ...axisStyle },
    yAxis: { type: 'category', inverse: true, data: order.map((id) => modelLabel(board, id)), ...axisStyle },
    series: [{ type: 'bar', data: order.map(score), itemStyle: { color: '#4f8cff' } }],
  };
}

/** SRCC of the top-k ranking against the largest k: flat at 1 means the test set is big enough. */
export function stabilityLine(board: Leaderboard): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : 'n/a') },
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', name: 'k (test images)', nameLocation: 'middle', nameGap: 26, data: board.stability.map((p) => p.k), ...axisStyle },
    yAxis: { type: 'value', name: 'SRCC', min: -1, max: 1, ...axisStyle },
    series: [{ type: 'line', data: board.stability.map((p) => p.srcc), symbolSize: 6, itemStyle: { color: '#f0b429' } }],
  };
}
