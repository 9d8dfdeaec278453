import { ERROR_CATEGORIES, MODEL_ERROR_CATEGORIES, type ErrorCategory } from './errorCategories.js';

export interface CategoryCount {
  pixels: number;
  regions: number;
}

/** Pixels and regions per category: an image's mix, or summed over images a model's distribution. */
export type CategoryTotals = Record<ErrorCategory, CategoryCount>;

export function emptyTotals(): CategoryTotals {
  return Object.fromEntries(ERROR_CATEGORIES.map((c) => [c, { pixels: 0, regions: 0 }])) as CategoryTotals;
}

/** Adds regions (of one image or many) to running totals, in place; returns the totals. */
export function addRegions(totals: CategoryTotals, regions: Iterable<{ category: ErrorCategory; pixels: number }>): CategoryTotals {
  for (const r of regions) {
    const t = totals[r.category];
    t.pixels += r.pixels;
    t.regions += 1;
  }
  return totals;
}

/** An image's mix of categories. */
export function imageMix(regions: Iterable<{ category: ErrorCategory; pixels: number }>): CategoryTotals {
  return addRegions(emptyTotals(), regions);
}

export function mergeTotals(a: CategoryTotals, b: CategoryTotals): CategoryTotals {
  const out = emptyTotals();
  for (const c of ERROR_CATEGORIES) out[c] = { pixels: a[c].pixels + b[c].pixels, regions: a[c].regions + b[c].regions };
  return out;
}

/**
 * Each category's share of the chosen ones, pixel-weighted or region-counted (by default the
 * model errors only: correct, ignored, acceptable and suspected label errors left out). Shares of
 * categories not chosen are 0; all are 0 when the chosen ones are empty.
 */
export function categoryShares(
  totals: CategoryTotals,
  weight: keyof CategoryCount,
  categories: readonly ErrorCategory[] = MODEL_ERROR_CATEGORIES,
): Record<ErrorCategory, number> {
  const sum = categories.reduce((n, c) => n + totals[c][weight], 0);
  return Object.fromEntries(ERROR_CATEGORIES.map((c) => [c, sum > 0 && categories.includes(c) ? totals[c][weight] / sum : 0])) as Record<ErrorCategory, number>;
}
