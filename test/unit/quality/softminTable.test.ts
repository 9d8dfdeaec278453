import { describe, expect, it } from 'vitest';
import { SoftminTable } from '../../../shared/quality/softminTable.js';

/** Every 251st float32 in [0, 1] (about 4.2 million values), by bit pattern. */
function* float32Sample(): Generator<number> {
  const f = new Float32Array(1);
  const bits = new Uint32Array(f.buffer);
  const one = 0x3f800000;
  for (let b = 0; b <= one; b += 251) {
    bits[0] = b;
    yield f[0]!;
  }
  yield 1;
}

describe('SoftminTable', () => {
  it('agrees with Math.exp(−v/t) to 1e-14 relative for float32 v in [0, 1] at temperatures 0.025 to 1e9', () => {
    const temperatures = [0.025, 0.05, 0.1, 1, 1e9];
    const worst = temperatures.map((t) => {
      const table = SoftminTable.forTemperature(t)!;
      let largest = 0;
      for (const v of float32Sample()) {
        const exact = Math.exp(-v / t);
        largest = Math.max(largest, Math.abs(table.weight(v) - exact) / exact);
      }
      return largest;
    });
    // Measured: 7.7e-15 at 0.025 (the argument's own rounding, up to 40 · 2^-53), 1.0e-15 at 0.1.
    for (const w of worst) expect(w).toBeLessThan(1e-14);
    expect(worst[2]).toBeLessThan(2e-15);
  });

  it('agrees with Math.exp for float64 v too, whose remainder below the table step is still exact', () => {
    const table = SoftminTable.forTemperature(0.1)!;
    let worst = 0;
    for (let i = 0; i <= 100_000; i++) {
      const v = Math.sin(i) * 0.5 + 0.5;
      const exact = Math.exp(-v / 0.1);
      worst = Math.max(worst, Math.abs(table.weight(v) - exact) / exact);
    }
    expect(worst).toBeLessThan(2e-15);
  });

  it('is exact at the table points: weight 1 at 0 and Math.exp(−1/t) at 1', () => {
    const table = SoftminTable.forTemperature(0.1)!;
    expect(table.weight(0)).toBe(1);
    expect(table.weight(1)).toBe(Math.exp(-1 / 0.1));
  });

  it('picks a power-of-two step with remainder r/t below 1/400, and none for temperatures too cold for 2^14 steps', () => {
    expect(SoftminTable.forTemperature(0.1)!.steps).toBe(4096);
    expect(SoftminTable.forTemperature(1)!.steps).toBe(512);
    expect(SoftminTable.forTemperature(1e9)!.steps).toBe(16);
    for (const t of [0.025, 0.05, 0.1, 0.3, 1]) expect(1 / (SoftminTable.forTemperature(t)!.steps * t)).toBeLessThanOrEqual(1 / 400);
    expect(SoftminTable.forTemperature(0.02)).toBeNull();
    expect(SoftminTable.forTemperature(1e-6)).toBeNull();
    expect(SoftminTable.forTemperature(0)).toBeNull();
    expect(SoftminTable.forTemperature(Number.NaN)).toBeNull();
  });
});
