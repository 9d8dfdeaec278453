import { describe, expect, it } from 'vitest';
import {labelsAtFeatureResolution, maskLookup} from '../../../electron/core/finetune/featureLabels.js';
import { outputMapping, planResize } from '../../../electron/core/inference/resizePlan.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/** Mask value → class: 0..3 are classes 0..3, everything else (255 included) is no label. */
const LUT = Uint8Array.from({ length: 256 }, (_, v) => (v < 4 ? v : UNLABELLED));
const X = UNLABELLED;

function labels(mask: number[], srcW: number, srcH: number, inW: number, inH: number, featW: number, featH: number, policy: 'stretch' | 'letterbox' = 'stretch', lut = LUT) {
  const plan = planResize(srcW, srcH, inW, inH, policy);
  return [...labelsAtFeatureResolution(Uint8Array.from(mask), srcW, srcH, outputMapping(plan, featW, featH), featW, featH, lut, 4)];
}

describe('labelsAtFeatureResolution', () => {
  it('keeps every label when the feature map has the image size', () => {
    expect(labels([0, 1, 2, 3, 255, 1], 3, 2, 3, 2, 3, 2)).toEqual([0, 1, 2, 3, X, 1]);
  });

  it('takes the majority of each 2×2 block, the lower class on a tie, and no label where all are ignored', () => {
    // Blocks: [1,1,1,2] → 1; [2,3,3,2] → tie of 2 and 3 → 2; [255 ×4] → none; [0,255,255,3] → tie → 0.
    const mask = [
      1, 1, 2, 3, 255, 255, 0, 255,
      1, 2, 3, 2, 255, 255, 255, 3,
    ];
    expect(labels(mask, 8, 2, 8, 2, 4, 1)).toEqual([1, 2, X, 0]);
  });

  it('gives no label to cells on letterbox padding', () => {
    // A 4×2 image letterboxed into a 4×4 input: rows 0 and 3 of the map are padding.
    const mask = [0, 1, 2, 3, 3, 2, 1, 0];
    expect(labels(mask, 4, 2, 4, 4, 4, 4, 'letterbox')).toEqual([X, X, X, X, 0, 1, 2, 3, 3, 2, 1, 0, X, X, X, X]);
  });

  it('takes the pixel under a cell centre when the map is finer than the image', () => {
    expect(labels([1, 2], 2, 1, 2, 1, 4, 2)).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });

  it('reads mask values through the lookup, so unmapped project classes teach nothing', () => {
    const lut = new Uint8Array(256).fill(UNLABELLED);
    lut[7] = 2;
    expect(labels([7, 7, 5, 7], 2, 2, 2, 2, 1, 1, 'stretch', lut)).toEqual([2]);
    expect(labels([5, 5, 5, 7], 2, 2, 2, 2, 2, 2, 'stretch', lut)).toEqual([X, X, X, 2]);
  });
});

describe('maskLookup', () => {
  it('turns project classes into model classes through the class map; unmapped, shared and 255 give no label', () => {
    // Model classes 0..3 → project classes 5, none, 7, 7 (two model classes on one project class).
    const lut = maskLookup([5, null, 7, 7]);
    expect(lut[5]).toBe(0);
    expect(lut[7]).toBe(UNLABELLED);
    expect(lut[0]).toBe(UNLABELLED);
    expect(lut[255]).toBe(UNLABELLED);
    expect(lut.filter((v) => v !== UNLABELLED)).toHaveLength(1);
  });
});
