import { describe, expect, it } from 'vitest';
import { PixelReservoir } from '../../../electron/core/finetune/pixelReservoir.js';
import { createRandom } from '../../../models/random.js';

/** A channel-major map of `cells` cells with 2 channels: cell p holds (p, −p). */
function map(cells: number): Float32Array {
  const f = new Float32Array(2 * cells);
  for (let p = 0; p < cells; p++) {
    f[p] = p;
    f[cells + p] = -p;
  }
  return f;
}

describe('PixelReservoir', () => {
  it('keeps every pixel, transposed to pixel-major rows, while under capacity', () => {
    const r = new PixelReservoir(3, 2, 10, createRandom(1));
    expect(r.addMap(map(4), Uint8Array.from([2, 0, 255, 2]))).toBe(3);
    const pool = r.pool();
    expect(pool.count).toBe(3);
    expect([...pool.labels]).toEqual([0, 2, 2]);
    expect([...pool.features]).toEqual([1, -1, 0, -0, 3, -3]);
    expect([...pool.weights]).toEqual([1, 1, 1]);
    expect(pool.seen).toEqual([1, 0, 2]);
  });

  it('bounds each class at capacity and weights the kept pixels by how many each stands for', () => {
    const r = new PixelReservoir(2, 2, 5, createRandom(1));
    const labels = new Uint8Array(100).fill(0);
    labels.fill(1, 0, 3);
    for (let i = 0; i < 10; i++) r.addMap(map(100), labels);
    const pool = r.pool();
    expect(r.size).toBe(5 + 5);
    expect(pool.seen).toEqual([970, 30]);
    expect([...pool.weights]).toEqual([...new Array(5).fill(194), ...new Array(5).fill(6)]);
  });

  it('samples uniformly: each offered pixel is kept about capacity/seen of the time', () => {
    const kept = new Float64Array(50);
    for (let trial = 0; trial < 400; trial++) {
      const r = new PixelReservoir(1, 2, 10, createRandom(trial));
      r.addMap(map(50), new Uint8Array(50));
      const pool = r.pool();
      for (let i = 0; i < pool.count; i++) kept[pool.features[2 * i]!]! += 1;
    }
    // Expected 400 · 10/50 = 80 per pixel; early and late pixels alike.
    const first = kept.slice(0, 10).reduce((a, b) => a + b, 0) / 10;
    const last = kept.slice(40).reduce((a, b) => a + b, 0) / 10;
    expect(first).toBeGreaterThan(65);
    expect(first).toBeLessThan(95);
    expect(last).toBeGreaterThan(65);
    expect(last).toBeLessThan(95);
  });

  it('keeps the same pixels for the same seed and order', () => {
    const run = (seed: number) => {
      const r = new PixelReservoir(1, 2, 7, createRandom(seed));
      for (let i = 0; i < 5; i++) r.addMap(map(40), new Uint8Array(40));
      return [...r.pool().features];
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('refuses a feature map of the wrong size', () => {
    expect(() => new PixelReservoir(2, 3, 4, createRandom(1)).addMap(new Float32Array(5), new Uint8Array(2))).toThrow(/expected 3×2/);
  });
});
