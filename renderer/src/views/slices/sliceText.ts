import type { IntervalView } from '../../../../shared/slices/sliceSchemas.js';

export const percent = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(0)} %`);
export const times = (v: number | null): string => (v === null ? '∞' : `${v.toFixed(2)}×`);
export const points = (v: number | null): string => (v === null ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(0)} pts`);

/** "42 % [35 %, 51 %]" */
export function withInterval(i: IntervalView, format: (v: number | null) => string): string {
  return `${format(i.estimate)} [${format(i.lower)}, ${format(i.upper)}]`;
}

export function pValue(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}
