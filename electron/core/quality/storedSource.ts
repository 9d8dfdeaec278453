import { FaultlineError } from '../../../shared/contract/errors.js';
import { decodeProbs } from '../inference/probsBlob.js';
import { planResize } from '../inference/resizePlan.js';
import type { RegisteredModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { probabilityHeads, storedProbabilities } from '../store/predictions.js';
import type { QualityShape } from '../../../shared/quality/types.js';
import type { ClassSpace } from './classSpace.js';
import type { QualityImageSource, SkippedImage } from './imageSource.js';
import { labelByRef, type QualityLabel } from './qualityLabels.js';
import type { SetImage } from './qualitySets.js';
import { scoreMapImage, type WorkingImage } from './workingImages.js';

const HEADER_BYTES = 10;

interface ProbsHeader {
  classes: number;
  h: number;
  w: number;
}

function readHeader(head: Buffer | null): ProbsHeader | null {
  if (head === null || head.length < HEADER_BYTES || head.toString('latin1', 0, 4) !== 'FLP1') return null;
  return { classes: head.readUInt16LE(4), h: head.readUInt16LE(6), w: head.readUInt16LE(8) };
}

export interface StoredPlan {
  usable: SetImage[];
  skipped: SkippedImage[];
  /** Score-map size of the usable images; null when none has stored probabilities. */
  grid: { h: number; w: number } | null;
}

/**
 * Which images of a set have stored probabilities of the model (read from the 10-byte headers
 * only), and the score-map size they share. An image without them, with a failed prediction or
 * with a map of another size is skipped with its reason.
 */
export function planStoredSource(db: Db, model: RegisteredModel, images: readonly SetImage[]): StoredPlan {
  const byImage = new Map(probabilityHeads(db, model.id, HEADER_BYTES).map((r) => [r.imageId, r]));
  const classes = model.card.classes.length;
  const usable: SetImage[] = [];
  const skipped: SkippedImage[] = [];
  let grid: { h: number; w: number } | null = null;
  for (const image of images) {
    const row = byImage.get(image.imageId);
    if (row?.error) {
      skipped.push({ imageId: image.imageId, reason: 'failed', message: `inference failed on image ${image.imageId}: ${row.error}` });
      continue;
    }
    const header = readHeader(row?.head ?? null);
    if (header === null) {
      skipped.push({ imageId: image.imageId, reason: 'no_probabilities', message: `image ${image.imageId} has no stored probabilities` });
      continue;
    }
    grid ??= { h: header.h, w: header.w };
    if (header.classes !== classes || header.h !== grid.h || header.w !== grid.w || row!.bytes !== HEADER_BYTES + header.classes * header.h * header.w) {
      skipped.push({
        imageId: image.imageId,
        reason: 'failed',
        message: `the stored probabilities of image ${image.imageId} are ${header.classes}×${header.h}×${header.w}, not ${classes}×${grid.h}×${grid.w}`,
      });
      continue;
    }
    usable.push(image);
  }
  return { usable, skipped, grid };
}

/** Reads one image's stored probabilities and label and puts them on the score-map grid. */
export function storedWorkingImage(db: Db, model: RegisteredModel, image: SetImage, label: QualityLabel, space: ClassSpace, lut: Uint8Array): WorkingImage {
  const blob = storedProbabilities(db, image.imageId, model.id);
  if (!blob) {
    throw new FaultlineError('not_found', `Image ${image.imageId} has no stored probabilities of model ${model.name} ${model.version}.`);
  }
  const decoded = decodeProbs(blob);
  const { width, height, resize } = model.card.input;
  const plan = planResize(image.width, image.height, width, height, resize);
  return scoreMapImage(image.imageId, label, { classes: decoded.classes, h: decoded.h, w: decoded.w, probs: decoded.probs, plan }, space, lut);
}

/** Every pass decodes the blobs again, one image at a time: memory holds one batch, never the set. */
export function storedImageSource(
  db: Db,
  model: RegisteredModel,
  plan: StoredPlan,
  space: ClassSpace,
  lut: Uint8Array,
): QualityImageSource {
  const { usable, skipped, grid } = plan;
  if (grid === null) throw new FaultlineError('internal', 'a stored source needs images with probabilities');
  const shape: QualityShape = { K: space.K, H: grid.h, W: grid.w };
  return {
    shape,
    imageCount: usable.length,
    async *images(signal) {
      for (const image of usable) {
        if (signal?.aborted === true) return;
        const label = labelByRef(db, image.imageId, image.labelRef);
        if (label === null) throw new FaultlineError('invalid_input', `The label of image ${image.imageId} was removed during the run; run it again.`);
        yield storedWorkingImage(db, model, image, label, space, lut);
      }
    },
    skipped: () => skipped,
    close: async () => undefined,
  };
}
