import type { PixelPool } from './pixelReservoir.js';
import { fitTail, type TailFitHooks, type TailFitOptions, type TailFitResult, type TailLayer, type TailValidation } from './fitTail.js';

/** One learning rate of the grid: its validation mIoU at the kept iteration, or null when the fit diverged. */
export interface GridPoint {
  learningRate: number;
  miou: number | null;
  bestIteration: number | null;
  stoppedAt: number | null;
}

/** Index of the grid point with the best validation mIoU; ties go to the smaller rate, diverged points never win. Null when all diverged. */
export function bestGridPoint(points: readonly GridPoint[]): number | null {
  let best: number | null = null;
  for (const [i, p] of points.entries()) {
    if (p.miou === null || Number.isNaN(p.miou)) continue;
    const current = best === null ? null : points[best]!;
    if (!current || p.miou > current.miou! || (p.miou === current.miou && p.learningRate < current.learningRate)) best = i;
  }
  return best;
}

/**
 * The method's validation: one fit per rate of the grid (multiples of the base rate), each with
 * early stopping on the validation pool, and the fit whose kept weights score best there.
 */
export function fitWithGrid(
  oldPool: PixelPool,
  newPool: PixelPool,
  init: readonly TailLayer[],
  options: TailFitOptions,
  multipliers: readonly number[],
  validation: TailValidation,
  hooks: { onProgress?(rate: number, step: number, done: number, loss: number): void } = {},
): { result: TailFitResult; learningRate: number; grid: GridPoint[] } {
  const fits: Array<TailFitResult | null> = [];
  const grid: GridPoint[] = [];
  for (const [step, multiplier] of multipliers.entries()) {
    const learningRate = options.learningRate * multiplier;
    const fitHooks: TailFitHooks = { onProgress: (done, loss) => hooks.onProgress?.(learningRate, step, done, loss) };
    let fit: TailFitResult | null = null;
    try {
      fit = fitTail(oldPool, newPool, init, { ...options, learningRate }, validation, fitHooks);
    } catch (error) {
      if (!(error instanceof RangeError) || !/diverged/.test(error.message)) throw error;
    }
    fits.push(fit);
    const v = fit?.validation ?? null;
    grid.push({ learningRate, miou: v ? v.best.miou : null, bestIteration: v ? v.best.iteration : null, stoppedAt: v ? v.stoppedAt : null });
  }
  const best = bestGridPoint(grid);
  if (best === null) throw new RangeError('the fit diverged at every learning rate of the grid; try a smaller learning rate');
  return { result: fits[best]!, learningRate: grid[best]!.learningRate, grid };
}
