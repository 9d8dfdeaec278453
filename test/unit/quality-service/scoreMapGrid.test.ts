import { describe, expect, it } from 'vitest';
import { outputMapping, planResize } from '../../../electron/core/inference/resizePlan.js';
import { upsamplePlanes } from '../../../electron/core/inference/upsampleProbs.js';
import { classSpace, projectPlanes, scorableLabelLut } from '../../../electron/core/quality/classSpace.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import { flagsAgainstCutoff, imageScore } from '../../../electron/core/quality/imageFlags.js';
import { expandFlaggedCells, majorityLabels, scoreMapGrid } from '../../../electron/core/quality/scoreMapGrid.js';
import { canvasImage, scoreMapImage } from '../../../electron/core/quality/workingImages.js';
import { softminScore } from '../../../shared/quality/softmin.js';

const ALL = scorableLabelLut(classSpace([0, 1, 2], 3));

function grid(srcW: number, srcH: number, inW: number, inH: number, outW: number, outH: number, policy: 'stretch' | 'letterbox' | 'crop') {
  const plan = planResize(srcW, srcH, inW, inH, policy);
  return { plan, grid: scoreMapGrid(outputMapping(plan, outW, outH), srcW, srcH, outW, outH) };
}

describe('masks on the score-map grid', () => {
  it('takes the majority label of each cell, the lower class on ties, and ignores cells with no labelled pixel', () => {
    // 6×2 image onto a 3×1 map: cells of 2×2 pixels.
    const mask = Uint8Array.from([
      [2, 2, 0, 1, 255, 255],
      [2, 1, 1, 0, 255, 255],
    ].flat());
    const { grid: g } = grid(6, 2, 6, 2, 3, 1, 'stretch');
    expect(Array.from(majorityLabels(mask, 6, g, 3, ALL))).toEqual([2, 0, UNLABELLED]);
  });

  it('leaves letterbox padding out and puts image rows on the rows that show them', () => {
    const mask = Uint8Array.from([0, 0, 1, 1, 2, 2, 2, 2]);
    const { grid: g } = grid(4, 2, 4, 4, 4, 4, 'letterbox');
    expect(Array.from(g.rowCell)).toEqual([1, 2]);
    expect(Array.from(majorityLabels(mask, 4, g, 3, ALL))).toEqual([...Array(4).fill(UNLABELLED), 0, 0, 1, 1, 2, 2, 2, 2, ...Array(4).fill(UNLABELLED)]);
  });

  it('drops image columns a crop cuts off', () => {
    const { grid: g } = grid(8, 2, 4, 2, 4, 2, 'crop');
    expect(Array.from(g.columnCell)).toEqual([-1, -1, 0, 1, 2, 3, -1, -1]);
  });

  it('labels of classes the model cannot predict take no part', () => {
    const onlyRedGreen = scorableLabelLut(classSpace([0, 1, null], 3));
    const { grid: g } = grid(2, 2, 2, 2, 1, 1, 'stretch');
    expect(Array.from(majorityLabels(Uint8Array.from([2, 2, 2, 1]), 2, g, 3, onlyRedGreen))).toEqual([1]);
  });

  it('shows a flagged cell on the pixels that carry the flagged label, not on a minority label beside them', () => {
    const mask = Uint8Array.from([0, 0, 0, 2]);
    const { grid: g } = grid(2, 2, 2, 2, 1, 1, 'stretch');
    const flags = expandFlaggedCells([{ cell: 0, given: 0, predicted: 1 }], mask, 2, 2, g, 3, ALL);
    expect(Array.from(flags.mask)).toEqual([1, 1, 1, 0]);
    expect(flags).toMatchObject({ issues: 3, pairs: [{ given: 0, predicted: 1, pixels: 3 }] });
  });
});

describe('project class planes', () => {
  it('sums model classes mapped to one project class, renormalises, and keeps the mapped share', () => {
    // Model classes: a → 0, b → 0, c → none; two pixels.
    const space = classSpace([0, 0, null], 2);
    const planes = projectPlanes(Float32Array.from([0.2, 0.1, 0.2, 0.1, 0.6, 0.8]), 3, 2, space);
    expect(Array.from(planes).map((v) => Number(v.toFixed(6)))).toEqual([1, 1, 0, 0, 0.4, 0.2]);
  });

  it('ignores pixels the model gives mostly to unmapped classes', () => {
    const space = classSpace([0, null], 1);
    const map = { classes: 2, h: 1, w: 2, probs: Float32Array.from([0.9, 0.3, 0.1, 0.7]), plan: planResize(2, 1, 2, 1, 'stretch') };
    const image = scoreMapImage(1, { mask: Uint8Array.from([0, 0]), width: 2, height: 1, ref: 'ground_truth' }, map, space, scorableLabelLut(space));
    expect(Array.from(image.labels)).toEqual([0, UNLABELLED]);
  });
});

describe('full-resolution probabilities', () => {
  it('upsample bilinearly into the top-left corner of a larger canvas and leave the rest alone', () => {
    const target = new Float32Array(2 * 3 * 2).fill(-1);
    // One plane, 2×1 score map [0, 1] stretched over a 2×1 image: pixel centres land on the map's centres.
    upsamplePlanes(Float32Array.from([0, 1, 5, 5]), 2, 2, 1, outputMapping(planResize(2, 1, 2, 1, 'stretch'), 2, 1), 2, 1, {
      data: target,
      offset: 0,
      width: 3,
      height: 2,
    });
    expect(Array.from(target)).toEqual([0, 1, -1, -1, -1, -1, 5, 5, -1, -1, -1, -1]);
  });

  it('put the image on the canvas with its labels and nothing scored outside it', () => {
    const space = classSpace([0, 1], 2);
    const map = { classes: 2, h: 1, w: 1, probs: Float32Array.from([0.25, 0.75]), plan: planResize(2, 1, 1, 1, 'stretch') };
    const image = canvasImage(7, { mask: Uint8Array.from([0, 1]), width: 2, height: 1, ref: 'ground_truth' }, map, space, scorableLabelLut(space), { width: 3, height: 2 });
    expect(Array.from(image.labels)).toEqual([0, 1, UNLABELLED, UNLABELLED, UNLABELLED, UNLABELLED]);
    expect(Array.from(image.probs)).toEqual([0.25, 0.25, 0, 0, 0, 0, 0.75, 0.75, 0, 0, 0, 0]);
    const flags = image.expand([{ cell: 0, given: 0, predicted: 1 }]);
    expect(Array.from(flags.mask)).toEqual([1, 0]);
  });
});

describe('one image against a finished run', () => {
  const space = classSpace([0, 1], 2);
  // Four pixels labelled 0, 0, 1, 1; p(0) = 0.9, 0.2, 0.3, 0.6.
  const map = { classes: 2, h: 1, w: 4, probs: Float32Array.from([0.9, 0.2, 0.3, 0.6, 0.1, 0.8, 0.7, 0.4]), plan: planResize(4, 1, 4, 1, 'stretch') };
  const image = scoreMapImage(1, { mask: Uint8Array.from([0, 0, 1, 1]), width: 4, height: 1, ref: 'ground_truth' }, map, space, scorableLabelLut(space));

  it('scores the softmin of p(label) over its labelled pixels', () => {
    expect(imageScore(image, 2, 0.1)).toBeCloseTo(softminScore([0.9, 0.2, 0.7, 0.4], 0.1), 6);
  });

  it('flags disagreeing pixels no more likely than the cutoff, and none without one', () => {
    // Pixel 1 (label 0, p = 0.2, predicted 1) and pixel 3 (label 1, p = 0.4, predicted 0) disagree.
    expect(flagsAgainstCutoff(image, 2, Math.fround(0.4))).toEqual([
      { cell: 1, given: 0, predicted: 1 },
      { cell: 3, given: 1, predicted: 0 },
    ]);
    expect(flagsAgainstCutoff(image, 2, Math.fround(0.3))).toEqual([{ cell: 1, given: 0, predicted: 1 }]);
    expect(flagsAgainstCutoff(image, 2, null)).toEqual([]);
  });
});
