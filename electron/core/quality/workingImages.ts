import { outputMapping, type ResizePlan } from '../inference/resizePlan.js';
import { upsamplePlanes } from '../inference/upsampleProbs.js';
import { MIN_MAPPED_SHARE, projectPlanes, type ClassSpace } from './classSpace.js';
import type { QualityLabel } from './qualityLabels.js';
import { expandFlaggedCells, flaggedOnCanvas, majorityLabels, scoreMapGrid, type FlaggedCell, type ImageFlags } from './scoreMapGrid.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/**
 * One image as the confident-learning kernels see it (labels and project-class probabilities on
 * the run's working grid), and how flagged working pixels map back to the image's own pixels.
 */
export interface WorkingImage {
  readonly imageId: number;
  /** H × W labels of the working grid, UNLABELLED where nothing is scored. */
  readonly labels: Uint8Array;
  /** K × H × W project-class probabilities. */
  readonly probs: Float32Array;
  expand(cells: readonly FlaggedCell[]): ImageFlags;
}

/** Model probabilities on the score map (outW × outH, model class ids) and where the image sits in it. */
export interface ScoreMapProbs {
  readonly classes: number;
  readonly h: number;
  readonly w: number;
  readonly probs: Float32Array;
  readonly plan: ResizePlan;
}

/**
 * The stored-probabilities form: the working grid is the score map itself. The mask goes onto it by
 * majority vote (each image pixel to the score-map pixel whose centre is nearest); letterbox
 * padding, unlabelled pixels and pixels the model gives mostly to unmapped classes take no part.
 */
export function scoreMapImage(imageId: number, label: QualityLabel, map: ScoreMapProbs, space: ClassSpace, lut: Uint8Array): WorkingImage {
  const { K } = space;
  const pixels = map.h * map.w;
  const planes = projectPlanes(map.probs, map.classes, pixels, space);
  const grid = scoreMapGrid(outputMapping(map.plan, map.w, map.h), label.width, label.height, map.w, map.h);
  const labels = majorityLabels(label.mask, label.width, grid, K, lut);
  for (let p = 0; p < pixels; p++) if (planes[K * pixels + p]! < MIN_MAPPED_SHARE) labels[p] = UNLABELLED;
  return {
    imageId,
    labels,
    probs: planes.subarray(0, K * pixels),
    expand: (cells) => expandFlaggedCells(cells, label.mask, label.width, label.height, grid, K, lut),
  };
}

/**
 * The full-resolution form: probabilities are upsampled to every image pixel (bilinear, as the
 * stored label maps are made) and the image sits in the top-left corner of a canvas shared by the
 * whole run (the largest width and height of its images); the rest of the canvas takes no part.
 */
export function canvasImage(
  imageId: number,
  label: QualityLabel,
  map: ScoreMapProbs,
  space: ClassSpace,
  lut: Uint8Array,
  canvas: { width: number; height: number },
): WorkingImage {
  const { K } = space;
  const cells = canvas.width * canvas.height;
  const planes = projectPlanes(map.probs, map.classes, map.h * map.w, space);
  const full = new Float32Array((K + 1) * cells);
  upsamplePlanes(planes, K + 1, map.w, map.h, outputMapping(map.plan, map.w, map.h), label.width, label.height, {
    data: full,
    offset: 0,
    width: canvas.width,
    height: canvas.height,
  });
  const labels = new Uint8Array(cells).fill(UNLABELLED);
  const share = K * cells;
  for (let y = 0; y < label.height; y++) {
    for (let x = 0; x < label.width; x++) {
      const at = y * canvas.width + x;
      const given = lut[label.mask[y * label.width + x]!]!;
      if (given < K && full[share + at]! >= MIN_MAPPED_SHARE) labels[at] = given;
    }
  }
  return {
    imageId,
    labels,
    probs: full.subarray(0, K * cells),
    expand: (flagged) => flaggedOnCanvas(flagged, canvas.width, label.width, label.height, K),
  };
}
