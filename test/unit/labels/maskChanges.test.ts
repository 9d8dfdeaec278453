import { describe, expect, it } from 'vitest';
import { maskChanges } from '../../../shared/labels/maskChanges.js';

describe('maskChanges', () => {
  it('marks exactly the pixels whose label differs and bounds them', () => {
    // 4×3 maps; pixels (1,0) 0→2 and (3,2) 255→1 changed.
    const before = new Uint8Array([0, 0, 1, 1, 0, 0, 1, 1, 255, 255, 255, 255]);
    const after = new Uint8Array([0, 2, 1, 1, 0, 0, 1, 1, 255, 255, 255, 1]);
    const c = maskChanges(before, after, 4);
    expect([...c.changed]).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(c.count).toBe(2);
    expect(c.bounds).toEqual({ x: 1, y: 0, width: 3, height: 3 });
  });

  it('finds nothing between equal maps', () => {
    const map = new Uint8Array([3, 3, 3, 3]);
    expect(maskChanges(map, map.slice(), 2)).toMatchObject({ count: 0, bounds: null });
  });

  it('refuses maps of different sizes', () => {
    expect(() => maskChanges(new Uint8Array(4), new Uint8Array(6), 2)).toThrow(RangeError);
  });
});
