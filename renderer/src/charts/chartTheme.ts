import type { EChartsCoreOption } from 'echarts/core';

/** An ECharts option, as the chart builders of the views return them (pure data, testable without a DOM). */
export type ChartOption = EChartsCoreOption;

/** Text colour of the dark workstation's charts. */
export const TEXT = '#c9cdd8';

/** Axes themed for the dark workstation. */
export const axisStyle = {
  axisLine: { lineStyle: { color: '#4a5060' } },
  axisLabel: { color: TEXT },
  splitLine: { lineStyle: { color: '#2c313c' } },
  nameTextStyle: { color: TEXT },
};
