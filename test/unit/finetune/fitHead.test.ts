import { describe, expect, it } from 'vitest';
import { fitHead, scorePool } from '../../../electron/core/finetune/fitHead.js';
import type { PixelPool } from '../../../electron/core/finetune/pixelReservoir.js';
import { createRandom } from '../../../models/random.js';

/** `n` two-channel pixels of `label` scattered (±0.3) around a centre. */
function cluster(centre: [number, number], label: number, n: number, seed: number): Array<[number, number, number]> {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => [centre[0] + rng.uniform(-0.3, 0.3), centre[1] + rng.uniform(-0.3, 0.3), label]);
}

function pool(points: Array<[number, number, number]>): PixelPool {
  return {
    features: Float32Array.from(points.flatMap(([a, b]) => [a, b])),
    labels: Uint8Array.from(points.map((p) => p[2])),
    weights: new Float64Array(points.length).fill(1),
    count: points.length,
    channels: 2,
    seen: [],
  };
}

const EMPTY = pool([]);
// S0: class 0 left, class 1 right. S: class 1 up-left, where the initial head (reading only the first channel) says 0.
const OLD = pool([...cluster([-2, 0], 0, 60, 1), ...cluster([2, 0], 1, 60, 2)]);
const NEW = pool(cluster([-2, 3], 1, 60, 3));
const INIT = { weight: Float32Array.from([-1, 0, 1, 0]), bias: Float32Array.from([0, 0]), classes: 2 };
const OPTIONS = { iterations: 300, batchSize: 32, learningRate: 0.1, seed: 5 };

describe('fitHead', () => {
  it('starts from the current head: a vanishing learning rate leaves the weights as they were', () => {
    const fit = fitHead(OLD, NEW, INIT, { ...OPTIONS, iterations: 3, learningRate: 1e-12, weightDecay: 0 });
    for (let i = 0; i < 4; i++) expect(fit.weight[i]).toBeCloseTo(INIT.weight[i]!, 5);
    for (let k = 0; k < 2; k++) expect(fit.bias[k]).toBeCloseTo(0, 5);
    expect(fit.before).toEqual({ old: scorePool(OLD, INIT.weight, INIT.bias, 2), new: scorePool(NEW, INIT.weight, INIT.bias, 2) });
  });

  it('learns the counterexamples and keeps the old data when batches mix both halves', () => {
    const fit = fitHead(OLD, NEW, INIT, OPTIONS);
    expect(fit.before.new.accuracy).toBe(0);
    expect(fit.before.old!.accuracy).toBe(1);
    expect(fit.after.new.accuracy).toBeGreaterThan(0.95);
    expect(fit.after.old!.accuracy).toBeGreaterThan(0.95);
    expect(fit.after.new.loss).toBeLessThan(fit.before.new.loss);
  });

  it('forgets the old data when there is none to mix in (counterexamples only)', () => {
    const mixed = fitHead(OLD, NEW, INIT, OPTIONS);
    const alone = fitHead(EMPTY, NEW, INIT, OPTIONS);
    expect(alone.before.old).toBeNull();
    expect(alone.after.new.accuracy).toBe(1);
    const oldAfterAlone = scorePool(OLD, alone.weight, alone.bias, 2).accuracy;
    expect(oldAfterAlone).toBeLessThan(0.9);
    expect(oldAfterAlone).toBeLessThan(mixed.after.old!.accuracy);
  });

  it('gives the same weights for the same seed and others for another seed', () => {
    const a = fitHead(OLD, NEW, INIT, OPTIONS);
    const b = fitHead(OLD, NEW, INIT, OPTIONS);
    const c = fitHead(OLD, NEW, INIT, { ...OPTIONS, seed: 6 });
    expect([...b.weight, ...b.bias]).toEqual([...a.weight, ...a.bias]);
    expect([...c.weight]).not.toEqual([...a.weight]);
  });

  it('reports progress up to the last iteration with a finite loss', () => {
    const seen: number[] = [];
    fitHead(OLD, NEW, INIT, { ...OPTIONS, iterations: 250 }, { onProgress: (done, loss) => (expect(Number.isFinite(loss)).toBe(true), seen.push(done)) });
    expect(seen[seen.length - 1]).toBe(250);
    expect(seen.length).toBe(125);
  });

  it('weights each pixel by what it stands for when scoring a pool', () => {
    const p = pool([[1, 0, 0], [-1, 0, 1]]);
    // The head says class 0 everywhere: right on the first pixel, wrong on the second.
    expect(scorePool(p, [0, 0, 0, 0], [1, 0], 2).accuracy).toBe(0.5);
    p.weights[1] = 3;
    expect(scorePool(p, [0, 0, 0, 0], [1, 0], 2).accuracy).toBe(0.25);
  });

  it('refuses to fit without counterexample pixels', () => {
    expect(() => fitHead(OLD, EMPTY, INIT, OPTIONS)).toThrow(/no counterexample pixels/);
  });
});
