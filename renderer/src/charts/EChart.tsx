import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

import { useColorScheme } from '../hooks/useColorScheme.js';
import { chartTheme, type ChartOption } from './chartTheme.js';

export type { ChartOption } from './chartTheme.js';

echarts.registerTheme('faultline-dark', chartTheme('dark'));
echarts.registerTheme('faultline-light', chartTheme('light'));

/** One ECharts chart sized by its box, in the workstation's theme (following the system's), updated in place. */
export function EChart({ option, height = 260, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const scheme = useColorScheme();

  useEffect(() => {
    if (!box.current) return;
    // A theme is fixed when a chart is made, so a change of scheme makes the chart again.
    chart.current = echarts.init(box.current, `faultline-${scheme}`, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [scheme]);

  // Runs after the chart above is (re)made, so a new chart is drawn with the current option.
  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option, scheme]);

  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
