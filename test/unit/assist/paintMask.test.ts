import { describe, expect, it } from 'vitest';
import { paintAssistMask } from '../../../shared/assist/paintMask.js';

const U = 255;

describe('paintAssistMask', () => {
  // 4×2 map: class 1 at (0,0), class 2 at (1,0), the rest unlabelled; a mask over (0..2, 0..1).
  const mask = { rect: { x: 0, y: 0, width: 3, height: 2 }, bits: Uint8Array.from([1, 1, 1, 1, 0, 1]) };

  it('paints only unlabelled pixels under the default rule', () => {
    const labels = Uint8Array.from([1, 2, U, U, U, U, U, U]);
    expect(paintAssistMask(labels, 4, mask, 3, 'unlabelled', null)).toEqual({ x: 0, y: 0, width: 3, height: 2 });
    expect(Array.from(labels)).toEqual([1, 2, 3, U, 3, U, 3, U]);
  });

  it('paints over other classes when told to overwrite', () => {
    const labels = Uint8Array.from([1, 2, U, U, U, U, U, U]);
    paintAssistMask(labels, 4, mask, 3, 'overwrite', null);
    expect(Array.from(labels)).toEqual([3, 3, 3, U, 3, U, 3, U]);
  });

  it('replaces the region being refined: its pixels outside the new mask become unlabelled', () => {
    // Class 3 region at (2,0), (3,0) and (0,1); the new mask keeps (2,0) and (0,1) and drops (3,0); (1,1) stays another's.
    const labels = Uint8Array.from([1, 2, 3, 3, 3, 4, U, U]);
    const refined = { rect: { x: 0, y: 0, width: 4, height: 2 }, bits: Uint8Array.from([0, 0, 1, 1, 1, 0, 0, 0]) };
    paintAssistMask(labels, 4, mask, 3, 'unlabelled', refined);
    expect(Array.from(labels)).toEqual([1, 2, 3, U, 3, 4, 3, U]);
  });
});
