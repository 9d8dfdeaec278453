import { describe, expect, it } from 'vitest';
import { classFractions, classPixelCounts, fractionsFromCounts } from '../../../shared/mining/classFractions.js';
import { projectClassLut } from '../../../shared/mining/classLut.js';
import { confusionMatrix, matrixClassCounts } from '../../../shared/mining/confusionMatrix.js';
import { mulberry32 } from '../../../shared/mining/prng.js';

function naiveMatrix(a: Uint8Array, b: Uint8Array, c: number, mapA?: number[], mapB?: number[], ignore = 255): number[] {
  const lutA = projectClassLut(c, mapA, ignore);
  const lutB = projectClassLut(c, mapB, ignore);
  const m = new Array<number>(c * c).fill(0);
  for (let i = 0; i < a.length; i++) {
    const x = lutA[a[i]!]!;
    const y = lutB[b[i]!]!;
    if (x < 0 || y < 0) continue;
    m[x * c + y]!++;
  }
  return m;
}

function randomMap(n: number, values: number[], seed: number): Uint8Array {
  const next = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => values[Math.floor(next() * values.length)]!);
}

describe('confusionMatrix', () => {
  it('counts pixel pairs row = first map class, column = second map class', () => {
    const a = Uint8Array.from([0, 0, 1, 1, 2, 2]);
    const b = Uint8Array.from([0, 1, 1, 1, 0, 2]);
    expect(Array.from(confusionMatrix(a, b, 3))).toEqual([1, 1, 0, 0, 2, 0, 1, 0, 1]);
  });

  it('leaves out a pixel that carries the ignore index in either map', () => {
    const a = Uint8Array.from([0, 255, 1, 1]);
    const b = Uint8Array.from([0, 1, 255, 1]);
    expect(Array.from(confusionMatrix(a, b, 2))).toEqual([1, 0, 0, 1]);
  });

  it('honours a custom ignore index and then counts 255 as out of range', () => {
    const a = Uint8Array.from([0, 7, 1, 255]);
    const b = Uint8Array.from([0, 1, 7, 1]);
    expect(Array.from(confusionMatrix(a, b, 2, { ignoreIndex: 7 }))).toEqual([1, 0, 0, 0]);
  });

  it('maps each model class ids to project ids and ignores unmapped ids', () => {
    // model A: 0→1, 1→0, 2 unmapped; model B: 5→1 via a sparse table, 0→0.
    const mapA = [1, 0, -1];
    const mapB = [0, 255, 255, 255, 255, 1];
    const a = Uint8Array.from([0, 1, 2, 0, 1]);
    const b = Uint8Array.from([5, 0, 0, 0, 3]);
    expect(Array.from(confusionMatrix(a, b, 2, { mapA, mapB }))).toEqual([1, 0, 1, 1]);
  });

  it('matches a plain per-pixel count at every byte alignment and odd length', () => {
    const buffer = randomMap(4099, [0, 1, 2, 3, 4, 200, 255], 3);
    const other = randomMap(4099, [0, 1, 2, 3, 4, 255], 4);
    for (const [offA, offB, len] of [
      [0, 0, 4096],
      [1, 1, 4097],
      [3, 3, 1001],
      [1, 2, 4095],
      [0, 3, 5],
    ] as const) {
      const a = buffer.subarray(offA, offA + len);
      const b = other.subarray(offB, offB + len);
      expect(Array.from(confusionMatrix(a, b, 5))).toEqual(naiveMatrix(a, b, 5));
      const mapA = [4, 3, 2, 1, 0];
      expect(Array.from(confusionMatrix(a, b, 5, { mapA }))).toEqual(naiveMatrix(a, b, 5, mapA));
    }
  });

  it('refuses maps of different sizes', () => {
    expect(() => confusionMatrix(new Uint8Array(4), new Uint8Array(5), 2)).toThrow(/differ in size/);
  });

  it('gives each map its class counts as row and column sums', () => {
    const m = confusionMatrix(Uint8Array.from([0, 0, 1, 2]), Uint8Array.from([1, 1, 1, 2]), 3);
    expect(Array.from(matrixClassCounts(m, 'a'))).toEqual([2, 1, 1]);
    expect(Array.from(matrixClassCounts(m, 'b'))).toEqual([0, 3, 1]);
  });
});

describe('class pixel counts and fractions', () => {
  it('counts each project class and drops ignored and unmapped pixels from every class', () => {
    const map = Uint8Array.from([0, 1, 1, 255, 9, 2, 2, 2]);
    expect(Array.from(classPixelCounts(map, 3))).toEqual([1, 2, 3]);
    expect(Array.from(classPixelCounts(map, 3, { mapping: [2, 1, 0] }))).toEqual([3, 2, 1]);
  });

  it('expresses fractions over all pixels of the map, ignored ones included', () => {
    const f = classFractions(Uint8Array.from([0, 1, 1, 255]), 2);
    expect(Array.from(f)).toEqual([0.25, 0.5]);
    expect(Array.from(fractionsFromCounts([3, 1], 8))).toEqual([0.375, 0.125]);
  });
});
