import type { EChartsCoreOption } from 'echarts/core';
import type { ColorScheme } from '../hooks/useColorScheme.js';

/** An ECharts option, as the chart builders of the views return them (pure data, testable without a DOM). */
export type ChartOption = EChartsCoreOption;


/** A mid grey readable on both themes' panels, for marks a builder draws itself (error bars, line labels). */
export const NEUTRAL_INK = '#8a93a6';

interface Ink {
  text: string;
  axis: string;
  grid: string;
}

const INK: Record<ColorScheme, Ink> = {
  dark: { text: '#c9cdd8', axis: '#4a5060', grid: '#2c313c' },
  light: { text: '#3a404d', axis: '#9aa1b2', grid: '#dde1e8' },
};

/**
 * The ECharts theme of each colour scheme: text, legend and axes take the workstation's colours, so
 * the chart builders name no text or axis colour and one chart reads well in either theme.
 */
export function chartTheme(scheme: ColorScheme): Record<string, unknown> {
  const ink = INK[scheme];
  const axis = {
    axisLine: { lineStyle: { color: ink.axis } },
    axisTick: { lineStyle: { color: ink.axis } },
    axisLabel: { color: ink.text },
    splitLine: { lineStyle: { color: ink.grid } },
    nameTextStyle: { color: ink.text },
  };
  return {
    backgroundColor: 'transparent',
    textStyle: { color: ink.text },
    legend: { textStyle: { color: ink.text }, pageTextStyle: { color: ink.text } },
    categoryAxis: axis,
    valueAxis: axis,
  };
}
