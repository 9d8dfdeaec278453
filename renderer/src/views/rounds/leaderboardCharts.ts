import type { Leaderboard } from '../../../../shared/contract/methods/evaluationMethods.js';
import type { ChartOption } from '../../charts/chartTheme.js';

export function modelLabel(board: Leaderboard, id: number): string {
  const m = board.models.find((x) => x.id === id);
  return m ? `${m.name} ${m.version}` : `model ${id}`;
}

/**
 * Height of one legend line, and the width a legend line is planned for: the narrowest the chart
 * gets, a 420 px column of .chart-grid less its padding and the legend's margins. Planned wider,
 * the legend wrapped onto the plot's top at 1920 px (three columns) and covered the axis name.
 */
const LEGEND_ROW = 22;
const LEGEND_WIDTH = 380;
/** Room between the legend and the plot for the y axis's name, which echarts draws above the axis. */
const AXIS_NAME_ROOM = 16;

/**
 * Lines the mIoU chart's legend takes when every model is listed (icon, gap and ~7 px per
 * character each): the legend wraps instead of paging, so no model is hidden behind a pager.
 */
export function miouLegendRows(board: Leaderboard): number {
  let rows = 1;
  let used = 0;
  for (const m of board.models) {
    const width = 40 + 7 * modelLabel(board, m.id).length;
    if (used > 0 && used + width > LEGEND_WIDTH) {
      rows++;
      used = 0;
    }
    used += width;
  }
  return rows;
}

/** The mIoU chart's height: the plot's own plus every legend line. */
export function miouChartHeight(board: Leaderboard): number {
  return 240 + AXIS_NAME_ROOM + LEGEND_ROW * miouLegendRows(board);
}

/** mIoU of every model on each test set, in round order: a line per model. */
export function miouAcrossRounds(board: Leaderboard): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '—') },
    legend: { type: 'plain', top: 0, left: 8, right: 8 },
    grid: { left: 48, right: 16, top: 18 + AXIS_NAME_ROOM + LEGEND_ROW * miouLegendRows(board), bottom: 32 },
    xAxis: { type: 'category', data: board.sets.map((s) => `${s.name} (${s.images})`) },
    yAxis: { type: 'value', name: 'mIoU', min: 0, max: 1 },
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
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: order.map((id) => modelLabel(board, id)) },
    series: [{ type: 'bar', data: order.map(score), itemStyle: { color: '#4f8cff' } }],
  };
}

/** SRCC of the top-k ranking against the largest k: flat at 1 means the test set is big enough. */
export function stabilityLine(board: Leaderboard): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : 'n/a') },
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', name: 'k (test images)', nameLocation: 'middle', nameGap: 26, data: board.stability.map((p) => p.k) },
    yAxis: { type: 'value', name: 'SRCC', min: -1, max: 1 },
    series: [{ type: 'line', data: board.stability.map((p) => p.srcc), symbolSize: 6, itemStyle: { color: '#f0b429' } }],
  };
}
