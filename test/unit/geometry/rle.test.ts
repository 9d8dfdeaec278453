import { describe, expect, it } from 'vitest';
import {
  compressRleCounts,
  decodeRle,
  decompressRleCounts,
  encodeCompressedRle,
  encodeRle,
} from '../../../shared/geometry/rle.js';

function square(size: number, from: number, to: number): Uint8Array {
  const m = new Uint8Array(size * size);
  for (let y = from; y < to; y++) for (let x = from; x < to; x++) m[y * size + x] = 1;
  return m;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('encodeRle', () => {
  it('runs over pixels column-major, starting with zeros, size as [height, width]', () => {
    // 0 1 1 / 0 0 1 read down the columns: 0 0 | 1 0 | 1 1 → runs 2 zeros, 1 one, 1 zero, 2 ones.
    const mask = Uint8Array.from([0, 1, 1, 0, 0, 1]);
    expect(encodeRle(mask, 3, 2)).toEqual({ size: [2, 3], counts: [2, 1, 1, 2] });
  });

  it('starts with a zero-length run when the first pixel is foreground and ends without a trailing zero run', () => {
    expect(encodeRle(Uint8Array.from([1, 1, 1, 1]), 2, 2).counts).toEqual([0, 4]);
    expect(encodeRle(new Uint8Array(6), 3, 2).counts).toEqual([6]);
  });

  it('treats any non-zero byte as foreground', () => {
    expect(encodeRle(Uint8Array.from([0, 7, 255, 0]), 2, 2).counts).toEqual([1, 2, 1]);
  });

  it('rejects a mask whose length does not match the size', () => {
    expect(() => encodeRle(new Uint8Array(5), 3, 2)).toThrow(RangeError);
  });
});

describe('compressed counts (pycocotools rleToString / rleFrString)', () => {
  it('matches pycocotools output for 5×5 squares in a 25×25 mask', () => {
    expect(encodeCompressedRle(square(25, 0, 5), 25, 25)).toEqual({ size: [25, 25], counts: '05d00000000d?' });
    expect(encodeCompressedRle(square(25, 5, 10), 25, 25).counts).toBe('R45d00000000b;');
    expect(encodeCompressedRle(square(25, 20, 25), 25, 25).counts).toBe('X`05d00000000');
  });

  it('encodes counts (5,2,2,2,5) as "52203", differencing from the fourth count on', () => {
    expect(compressRleCounts([5, 2, 2, 2, 5])).toBe('52203');
    expect(decompressRleCounts('52203')).toEqual([5, 2, 2, 2, 5]);
  });

  it('sets the sign bit on a final group with bit 4 set: 625 is "ac0" and -17 (as a difference) is "_O"', () => {
    // 625 = 17 + 19·32: 17 and 19 have bit 4 set, so a zero group ends it; -17 = 15 + (-1)·32.
    expect(compressRleCounts([0, 625])).toBe('0ac0');
    expect(compressRleCounts([10, 20, 5, 3])).toBe(':d05_O');
    expect(decompressRleCounts(':d05_O')).toEqual([10, 20, 5, 3]);
  });

  it('round-trips counts beyond 32 bits', () => {
    const counts = [2 ** 33 + 5, 1, 2 ** 34, 7, 3];
    expect(decompressRleCounts(compressRleCounts(counts))).toEqual(counts);
  });

  it('rejects characters outside the alphabet and a string cut inside a count', () => {
    expect(() => decompressRleCounts('5~')).toThrow(RangeError);
    expect(() => decompressRleCounts('d')).toThrow(RangeError);
  });
});

describe('decodeRle', () => {
  it('decodes a pycocotools string to the row-major mask it came from', () => {
    expect(decodeRle({ size: [25, 25], counts: 'R45d00000000b;' })).toEqual(square(25, 5, 10));
    expect(decodeRle({ size: [2, 3], counts: '2111' })).toEqual(Uint8Array.from([0, 1, 1, 0, 0, 1]));
  });

  it('round-trips random masks of odd sizes in both forms', () => {
    const rand = lcg(42);
    for (let t = 0; t < 40; t++) {
      const w = 1 + Math.floor(rand() * 37);
      const h = 1 + Math.floor(rand() * 29);
      const density = rand();
      const mask = new Uint8Array(w * h);
      for (let i = 0; i < mask.length; i++) mask[i] = rand() < density ? 1 : 0;
      const rle = encodeRle(mask, w, h);
      expect(rle.counts.reduce((s, c) => s + c, 0)).toBe(w * h);
      expect(decodeRle(rle)).toEqual(mask);
      expect(decodeRle(encodeCompressedRle(mask, w, h))).toEqual(mask);
    }
  });

  it('accepts zero-length runs anywhere, as pycocotools does', () => {
    expect(decodeRle({ size: [1, 4], counts: [0, 0, 1, 2, 1] })).toEqual(Uint8Array.from([0, 1, 1, 0]));
  });

  it('rejects counts that do not cover exactly height × width pixels', () => {
    expect(() => decodeRle({ size: [2, 2], counts: [1, 2] })).toThrow(RangeError);
    expect(() => decodeRle({ size: [2, 2], counts: [3, 2] })).toThrow(RangeError);
    expect(() => decodeRle({ size: [2, 2], counts: [2, -1, 3] })).toThrow(RangeError);
  });
});
