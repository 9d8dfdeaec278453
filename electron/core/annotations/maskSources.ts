import { hasPngSignature } from 'fast-png';
import type { AnnotationSession, AnnotationVersion, MaskPayload, MaskSource, MaskStart } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { labelMapPredictions, predictionLabelMapReader } from '../store/predictions.js';
import { annotationMask, draftOf, latestReviewOf, latestVersion } from '../store/annotations.js';
import { groundTruthMask, hasGroundTruth } from '../store/images.js';
import { projectClassIds, requireAnnotation, requireEditableImage, requirePerson } from './annotationRows.js';
import { maskPayload } from './maskCodec.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import { deflateLabelMap, inflateLabelMapAt, type StoredLabelMap } from '../store/labelMapBlob.js';

/**
 * Ids no project class has (a model's own ignore index, a class since removed) become
 * unlabelled, so a mask started from a prediction or ground truth can always be saved. A
 * prediction stored below the image's size is brought to it.
 */
function keepProjectClasses(db: Db, stored: StoredLabelMap, width: number, height: number, what: string): MaskPayload {
  const labels = inflateLabelMapAt(stored, width, height, what);
  const known = new Uint8Array(256);
  known[UNLABELLED] = 1;
  for (const id of projectClassIds(db)) known[id] = 1;
  let clean = true;
  for (let i = 0; i < labels.length && clean; i++) clean = known[labels[i]!] === 1;
  const sameSize = stored.width === width && stored.height === height;
  if (clean && sameSize && !hasPngSignature(stored.blob)) return maskPayload(stored.blob, width, height);
  const fixed = Uint8Array.from(labels, (v) => (known[v] === 1 ? v : UNLABELLED));
  return maskPayload(deflateLabelMap(fixed), width, height);
}

/** Masks the editor saved were checked against the classes then, so they go back as stored. */
function storedMask(db: Db, annotation: AnnotationVersion): MaskPayload {
  return maskPayload(annotationMask(db, annotation.id)!, annotation.width, annotation.height);
}

export function loadMask(db: Db, source: MaskSource): MaskPayload {
  if (source.kind === 'annotation') return storedMask(db, requireAnnotation(db, source.annotationId));
  if (source.kind === 'draft') {
    const draft = draftOf(db, source.imageId, source.authorId);
    if (!draft) throw new FaultlineError('not_found', `There is no draft of image ${source.imageId} by person ${source.authorId}.`);
    return storedMask(db, draft);
  }
  const image = requireEditableImage(db, source.imageId);
  if (source.kind === 'prediction') {
    const labelMap = predictionLabelMapReader(db)(source.imageId, source.modelId);
    if (!labelMap) throw new FaultlineError('not_found', `Model ${source.modelId} has no prediction for image ${source.imageId}.`);
    return keepProjectClasses(db, labelMap, image.width, image.height, `prediction of model ${source.modelId}`);
  }
  const truth = groundTruthMask(db, source.imageId);
  if (!truth) throw new FaultlineError('not_found', `Image ${source.imageId} has no ground truth.`);
  return keepProjectClasses(db, { blob: truth, width: image.width, height: image.height }, image.width, image.height, `ground truth of image ${source.imageId}`);
}

/** The masks one may start an image from, best first: the newest version, ground truth, then predictions (target first). */
function startsOf(db: Db, imageId: number): MaskStart[] {
  const starts: MaskStart[] = [];
  const latest = latestVersion(db, imageId);
  if (latest) {
    starts.push({
      source: { kind: 'annotation', annotationId: latest.id },
      origin: `annotation:${latest.id}`,
      label: `Version ${latest.version} by ${latest.authorName} (${latest.status})`,
    });
  }
  if (hasGroundTruth(db, imageId)) {
    starts.push({ source: { kind: 'ground_truth', imageId }, origin: 'ground_truth', label: 'Ground truth' });
  }
  for (const p of labelMapPredictions(db, imageId)) {
    starts.push({
      source: { kind: 'prediction', imageId, modelId: p.modelId },
      origin: `prediction:${p.modelId}`,
      label: `${p.isTarget ? 'Target' : 'Competitor'} ${p.name} ${p.version}`,
    });
  }
  return starts;
}

export function openForEditing(db: Db, imageId: number, authorId: number): AnnotationSession {
  const image = requireEditableImage(db, imageId);
  requirePerson(db, authorId, 'annotator');
  const latest = latestVersion(db, imageId);
  return {
    image,
    draft: draftOf(db, imageId, authorId),
    latest,
    latestReview: latest ? latestReviewOf(db, latest.id) : null,
    starts: startsOf(db, imageId),
  };
}
