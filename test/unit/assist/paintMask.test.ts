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

  it('reads a mask and a refined region that sit at different places', () => {
    // 4×3 map. Refined region (class 3): (2,0), (3,0), (2,1), in a box at x 2–3, y 0–1. New mask: (1,1), (2,1), in a box at x 1–2, y 1.
    const map = () => Uint8Array.from([U, U, 3, 3, U, 1, 3, U, U, U, U, U]);
    const refined = { rect: { x: 2, y: 0, width: 2, height: 2 }, bits: Uint8Array.from([1, 1, 1, 0]) };
    const moved = { rect: { x: 1, y: 1, width: 2, height: 1 }, bits: Uint8Array.from([1, 1]) };
    const labels = map();
    expect(paintAssistMask(labels, 4, moved, 3, 'unlabelled', refined)).toEqual({ x: 1, y: 0, width: 3, height: 2 });
    // (1,1) is another class's and stays; (2,1) stays the object's; (2,0) and (3,0) left the object.
    expect(Array.from(labels)).toEqual([U, U, U, U, U, 1, 3, U, U, U, U, U]);
    const over = map();
    paintAssistMask(over, 4, moved, 3, 'overwrite', refined);
    expect(Array.from(over)).toEqual([U, U, U, U, U, 3, 3, U, U, U, U, U]);
  });
});
