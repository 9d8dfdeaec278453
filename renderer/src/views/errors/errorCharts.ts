import type { ErrorOverview, ErrorRunView } from '../../../../shared/contract/methods/errorMethods.js';
import { CATEGORY_INFO, ERROR_CATEGORIES, type ErrorCategory } from '../../../../shared/errors/errorCategories.js';

/** What the stacked chart shows: every error kind a model can be blamed for, and the label errors sent to review. */
export const CHARTED_CATEGORIES: readonly ErrorCategory[] = ERROR_CATEGORIES.filter((c) => CATEGORY_INFO[c].group !== 'not_error');

export type Weight = 'pixels' | 'regions';

export function modelName(overview: Pick<ErrorOverview, 'models'>, id: number): string {
  const m = overview.models.find((x) => x.id === id);
  return m ? `${m.name} ${m.version}` : `model ${id}`;
}

export function runLabel(overview: Pick<ErrorOverview, 'models'>, run: ErrorRunView): string {
  return `${run.setName} · ${modelName(overview, run.modelId)}`;
}

export interface StackedBars {
  /** One bar per run, in round order (then set, then model): each model per round side by side. */
  runs: ErrorRunView[];
  labels: string[];
  series: Array<{ category: ErrorCategory; name: string; color: string; data: number[] }>;
}

/**
 * The stacked bars of error kinds per run, pixel-weighted or region-counted, as counts or as each
 * kind's share of the run's charted errors. Runs that classified no image are left out.
 */
export function stackedErrorBars(overview: ErrorOverview, weight: Weight, asShare: boolean): StackedBars {
  const runs = overview.runs.filter((r) => r.images > 0);
  const totals = runs.map((r) => CHARTED_CATEGORIES.reduce((n, c) => n + r.totals[c][weight], 0));
  return {
    runs,
    labels: runs.map((r) => runLabel(overview, r)),
    series: CHARTED_CATEGORIES.map((category) => ({
      category,
      name: CATEGORY_INFO[category].label,
      color: CATEGORY_INFO[category].color,
      data: runs.map((r, i) => {
        const value = r.totals[category][weight];
        return asShare ? (totals[i]! > 0 ? value / totals[i]! : 0) : value;
      }),
    })),
  };
}
