import { CustomChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { SliceReport } from '../../../../shared/contract/methods/sliceMethods.js';
import { NEUTRAL_INK, type ChartOption } from '../../charts/chartTheme.js';

echarts.use([CustomChart, MarkLineComponent]);

const CONFIRMED = '#d9534f';
const UNCONFIRMED = '#6c7688';
const pct = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

/**
 * Held-out failure rate of each slice (bars, red when confirmed) with its Wilson 95 % interval
 * (whiskers), against the failure rate of all held-out images (the dashed baseline).
 */
export function failureRateChart(report: SliceReport): ChartOption {
  const labels = report.slices.map((s) => `#${s.index + 1}`);
  const whiskers = report.slices.map((s) => [s.index, pct(s.test.inside.rate.lower), pct(s.test.inside.rate.upper)]);
  return {
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const s = report.slices[items[0]?.dataIndex ?? 0];
        if (!s) return '';
        const r = s.test.inside.rate;
        return `Slice ${s.index + 1}${s.test.confirmed ? ' (confirmed)' : ''}<br/>held-out failure rate ${pct(r.estimate)} % [${pct(r.lower)}, ${pct(r.upper)}]<br/>${s.test.inside.failures}/${s.test.inside.images} images<br/>baseline ${pct(report.baseline.estimate)} %`;
      },
    },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: 'failure rate %', min: 0, max: 100 },
    series: [
      {
        type: 'bar',
        name: 'held-out failure rate',
        data: report.slices.map((s) => ({ value: pct(s.test.inside.rate.estimate), itemStyle: { color: s.test.confirmed ? CONFIRMED : UNCONFIRMED } })),
        markLine: {
          symbol: 'none',
          label: { formatter: `baseline ${pct(report.baseline.estimate)} %`, color: NEUTRAL_INK, position: 'insideEndTop' },
          lineStyle: { type: 'dashed', color: '#f0b429' },
          data: [{ yAxis: pct(report.baseline.estimate) }],
        },
      },
      {
        type: 'custom',
        name: '95 % interval',
        data: whiskers,
        renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [number, number]): [number, number]; size(p: [number, number]): [number, number] }) => {
          const x = api.value(0);
          const low = api.coord([x, api.value(1)]);
          const high = api.coord([x, api.value(2)]);
          const half = api.size([1, 0])[0] * 0.12;
          const style = { stroke: NEUTRAL_INK, lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
              { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style },
              { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style },
            ],
          };
        },
        z: 10,
      },
    ],
  };
}
