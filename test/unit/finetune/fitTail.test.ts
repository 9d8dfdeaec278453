import { describe, expect, it } from 'vitest';
import { fitTail, pixelGradient, scoreTail, tailMiou, type TailLayer } from '../../../electron/core/finetune/fitTail.js';
import { bestGridPoint, fitWithGrid } from '../../../electron/core/finetune/learningRateGrid.js';
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

const layer = (out: number, inputs: number, relu: boolean, weight: number[], bias: number[]): TailLayer => ({
  out,
  in: inputs,
  relu,
  weight: Float32Array.from(weight),
  bias: Float32Array.from(bias),
});

/** A tail with random weights (uniform ±1), `sizes` = [inputs, hidden…, classes]. */
function randomTail(sizes: number[], seed: number): TailLayer[] {
  const rng = createRandom(seed);
  return sizes.slice(1).map((out, l) => {
    const inputs = sizes[l]!;
    const relu = l < sizes.length - 2;
    return layer(out, inputs, relu, Array.from({ length: out * inputs }, () => rng.uniform(-1, 1)), Array.from({ length: out }, () => rng.uniform(-0.5, 0.5)));
  });
}

const EMPTY = pool([]);
// S0: class 0 left, class 1 right. S: class 1 up-left, where the initial head (reading only the first channel) says 0.
const OLD = pool([...cluster([-2, 0], 0, 60, 1), ...cluster([2, 0], 1, 60, 2)]);
const NEW = pool(cluster([-2, 3], 1, 60, 3));
const HEAD = [layer(2, 2, false, [-1, 0, 1, 0], [0, 0])];
const OPTIONS = { iterations: 300, batchSize: 32, learningRate: 0.1, seed: 5 };

describe('pixelGradient', () => {
  it('matches central finite differences of the loss for every weight and bias of a three-layer ReLU tail', () => {
    const tail = randomTail([3, 5, 4, 3], 11);
    const input = [0.7, -1.2, 0.4];
    const label = 2;
    const { weight, bias } = pixelGradient(tail, input, label);
    const loss = (t: TailLayer[]) => pixelGradient(t, input, label).loss;
    const h = 1e-3;
    let checked = 0;
    for (const [l, layerOf] of tail.entries()) {
      for (const [name, grads] of [['weight', weight[l]!], ['bias', bias[l]!]] as const) {
        for (let j = 0; j < grads.length; j++) {
          const nudged = (delta: number) => tail.map((x, m) => {
            if (m !== l) return x;
            const copy = { ...x, weight: Float32Array.from(x.weight), bias: Float32Array.from(x.bias) };
            copy[name][j]! += delta;
            return copy;
          });
          const numeric = (loss(nudged(h)) - loss(nudged(-h))) / (2 * h);
          expect(grads[j]!).toBeCloseTo(numeric, 3);
          checked++;
        }
      }
      expect(layerOf.out).toBeGreaterThan(0);
    }
    expect(checked).toBe(5 * 3 + 5 + 4 * 5 + 4 + 3 * 4 + 3);
  });

  it('passes no gradient through a ReLU unit that is off', () => {
    // Hidden unit 0 is off (its pre-activation is −1) so its incoming weights get no gradient; unit 1 is on.
    const tail = [layer(2, 1, true, [1, 1], [-2, 0]), layer(2, 2, false, [1, 0, 0, 1], [0, 0])];
    const { weight, bias } = pixelGradient(tail, [1], 0);
    expect(weight[0]![0]).toBe(0);
    expect(bias[0]![0]).toBe(0);
    expect(weight[0]![1]).not.toBe(0);
  });
});

describe('fitTail', () => {
  it('starts from the current weights: a vanishing learning rate leaves them as they were', () => {
    const fit = fitTail(OLD, NEW, HEAD, { ...OPTIONS, iterations: 3, learningRate: 1e-12, weightDecay: 0 });
    for (let i = 0; i < 4; i++) expect(fit.layers[0]!.weight[i]).toBeCloseTo(HEAD[0]!.weight[i]!, 5);
    for (let k = 0; k < 2; k++) expect(fit.layers[0]!.bias[k]).toBeCloseTo(0, 5);
    expect(fit.before).toEqual({ old: scoreTail(OLD, HEAD), new: scoreTail(NEW, HEAD) });
  });

  it('learns the counterexamples and keeps the old data when batches mix both halves (head only)', () => {
    const fit = fitTail(OLD, NEW, HEAD, OPTIONS);
    expect(fit.before.new.accuracy).toBe(0);
    expect(fit.before.old!.accuracy).toBe(1);
    expect(fit.after.new.accuracy).toBeGreaterThan(0.95);
    expect(fit.after.old!.accuracy).toBeGreaterThan(0.95);
    expect(fit.after.new.loss).toBeLessThan(fit.before.new.loss);
  });

  it('forgets the old data when there is none to mix in (counterexamples only)', () => {
    const mixed = fitTail(OLD, NEW, HEAD, OPTIONS);
    const alone = fitTail(EMPTY, NEW, HEAD, OPTIONS);
    expect(alone.before.old).toBeNull();
    expect(alone.after.new.accuracy).toBe(1);
    const oldAfterAlone = scoreTail(OLD, alone.layers).accuracy;
    expect(oldAfterAlone).toBeLessThan(0.9);
    expect(oldAfterAlone).toBeLessThan(mixed.after.old!.accuracy);
  });

  it('fits counterexamples through the hidden layer that the head alone cannot fit', () => {
    // XOR: class 1 at (±2, ∓2), class 0 at (±2, ±2). S0 holds one diagonal, the counterexamples the other;
    // no linear classifier over the two features separates all four clusters, a ReLU hidden layer can.
    const old = pool([...cluster([2, 2], 0, 60, 21), ...cluster([2, -2], 1, 60, 22)]);
    const fresh = pool([...cluster([-2, -2], 0, 60, 23), ...cluster([-2, 2], 1, 60, 24)]);
    const tail = randomTail([2, 8, 2], 7);
    const head = [randomTail([2, 2], 7)[0]!];
    // The head is the tail's last layer over the tail's (fixed) hidden features in the head-only case;
    // here both start from scratch on the raw features to compare what each can represent.
    const options = { iterations: 1500, batchSize: 32, learningRate: 0.1, seed: 3 };
    const headOnly = fitTail(old, fresh, head, options);
    const whole = fitTail(old, fresh, tail, options);
    const all = pool([...cluster([2, 2], 0, 60, 21), ...cluster([2, -2], 1, 60, 22), ...cluster([-2, -2], 0, 60, 23), ...cluster([-2, 2], 1, 60, 24)]);
    expect(scoreTail(all, headOnly.layers).accuracy).toBeLessThan(0.8);
    expect(scoreTail(all, whole.layers).accuracy).toBeGreaterThan(0.97);
    expect(whole.after.new.accuracy).toBeGreaterThan(0.97);
    expect(whole.after.old!.accuracy).toBeGreaterThan(0.97);
  });

  it('keeps the weights of the best validation check and stops after the patience runs out', () => {
    const validation = { pool: pool([...cluster([-2, 0], 0, 30, 8), ...cluster([-2, 3], 1, 30, 9)]), every: 10, patience: 2 };
    const fit = fitTail(OLD, NEW, HEAD, { ...OPTIONS, iterations: 400 }, validation);
    const v = fit.validation!;
    expect(v.checks.length).toBeGreaterThan(0);
    expect(v.best.miou).toBe(Math.max(...v.checks.map((c) => c.miou)));
    expect(tailMiou(validation.pool, fit.layers)).toBeCloseTo(v.best.miou, 10);
    const bestAt = v.checks.findIndex((c) => c.iteration === v.best.iteration);
    // Stopped exactly `patience` checks after the best one, or ran to the end.
    expect(v.stoppedAt === 400 || v.checks.length - 1 - bestAt === validation.patience).toBe(true);
    expect(v.before).toBe(tailMiou(validation.pool, HEAD));
    expect(v.best.miou).toBeGreaterThan(v.before);
  });

  it('gives the same weights for the same seed and others for another seed', () => {
    const a = fitTail(OLD, NEW, HEAD, OPTIONS).layers[0]!;
    const b = fitTail(OLD, NEW, HEAD, OPTIONS).layers[0]!;
    const c = fitTail(OLD, NEW, HEAD, { ...OPTIONS, seed: 6 }).layers[0]!;
    expect([...b.weight, ...b.bias]).toEqual([...a.weight, ...a.bias]);
    expect([...c.weight]).not.toEqual([...a.weight]);
  });

  it('reports progress up to the last iteration with a finite loss', () => {
    const seen: number[] = [];
    fitTail(OLD, NEW, HEAD, { ...OPTIONS, iterations: 250 }, null, { onProgress: (done, loss) => (expect(Number.isFinite(loss)).toBe(true), seen.push(done)) });
    expect(seen[seen.length - 1]).toBe(250);
    expect(seen.length).toBe(125);
  });

  it('weights each pixel by what it stands for when scoring a pool', () => {
    const p = pool([[1, 0, 0], [-1, 0, 1]]);
    const saysZero = [layer(2, 2, false, [0, 0, 0, 0], [1, 0])];
    // Class 0 everywhere: right on the first pixel, wrong on the second.
    expect(scoreTail(p, saysZero).accuracy).toBe(0.5);
    // IoU class 0: 1/(1+1); class 1: never predicted, 0/1.
    expect(tailMiou(p, saysZero)).toBe(0.25);
    p.weights[1] = 3;
    expect(scoreTail(p, saysZero).accuracy).toBe(0.25);
    expect(tailMiou(p, saysZero)).toBeCloseTo((1 / 4 + 0) / 2, 12);
  });

  it('refuses to fit without counterexample pixels or with layers that do not chain', () => {
    expect(() => fitTail(OLD, EMPTY, HEAD, OPTIONS)).toThrow(/no counterexample pixels/);
    expect(() => fitTail(OLD, NEW, randomTail([3, 2], 1), OPTIONS)).toThrow(/must take 2 inputs/);
  });
});

describe('learning-rate grid', () => {
  const validation = { pool: pool([...cluster([-2, 0], 0, 30, 8), ...cluster([-2, 3], 1, 30, 9), ...cluster([2, 0], 1, 30, 10)]), every: 20, patience: 3 };

  it('picks the rate whose fit scores best on the validation pool', () => {
    const options = { ...OPTIONS, learningRate: 0.0005, iterations: 200 };
    const { learningRate, grid, result } = fitWithGrid(OLD, NEW, HEAD, options, [1, 5, 10], validation);
    expect(grid.map((g) => g.learningRate)).toEqual([0.0005, 0.0025, 0.005]);
    const alone = [1, 5, 10].map((m) => fitTail(OLD, NEW, HEAD, { ...options, learningRate: 0.0005 * m }, validation).validation!.best.miou);
    expect(grid.map((g) => g.miou)).toEqual(alone);
    const best = Math.max(...alone);
    expect(learningRate).toBe(grid[alone.indexOf(best)]!.learningRate);
    expect(result.validation!.best.miou).toBe(best);
    // The smallest rate barely moves in 200 iterations, so the grid's values differ and the pick is not a default.
    expect(alone[0]).toBeLessThan(best);
  });

  it('breaks ties towards the smaller rate and never picks a diverged one', () => {
    const point = (learningRate: number, miou: number | null) => ({ learningRate, miou, bestIteration: null, stoppedAt: null });
    expect(bestGridPoint([point(0.1, 0.5), point(0.5, 0.7), point(1, 0.7)])).toBe(1);
    expect(bestGridPoint([point(1, 0.7), point(0.5, 0.7)])).toBe(1);
    expect(bestGridPoint([point(0.1, null), point(0.5, 0.2)])).toBe(1);
    expect(bestGridPoint([point(0.1, null)])).toBeNull();
  });
});
