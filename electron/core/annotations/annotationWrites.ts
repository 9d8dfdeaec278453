import type { AnnotationVersion, MaskPayload } from '../../../shared/contract/domain.js';
import type { Db } from '../store/openProjectDb.js';
import { deleteDraft, draftOf, insertSubmittedVersion, upsertDraft, type AnnotationMaskWrite } from '../store/annotations.js';
import { nowIso, projectClassIds, requireAnnotation, requireEditableImage, requirePerson } from './annotationRows.js';
import { readMaskPayload } from './maskCodec.js';

export interface SaveMaskInput {
  imageId: number;
  authorId: number;
  origin: string;
  timeMs: number;
  mask: MaskPayload;
}

function checkedMask(db: Db, input: SaveMaskInput): AnnotationMaskWrite {
  const image = requireEditableImage(db, input.imageId);
  requirePerson(db, input.authorId, 'annotator');
  const mask = readMaskPayload(input.mask, image, projectClassIds(db));
  return {
    imageId: input.imageId,
    authorId: input.authorId,
    origin: input.origin,
    mask,
    width: input.mask.width,
    height: input.mask.height,
    timeMs: input.timeMs,
    createdAt: nowIso(),
  };
}

/** Writes the author's one draft of the image, replacing the previous one in place. */
export function saveDraft(db: Db, input: SaveMaskInput): AnnotationVersion {
  upsertDraft(db, checkedMask(db, input));
  return draftOf(db, input.imageId, input.authorId)!;
}

export function discardDraft(db: Db, imageId: number, authorId: number): void {
  deleteDraft(db, imageId, authorId);
}

/**
 * Records the mask as the image's next version (numbered per image, across authors) with the
 * author's active time. The draft row becomes that version, so its identity (uid) is kept.
 */
export function submitVersion(db: Db, input: SaveMaskInput): AnnotationVersion {
  return requireAnnotation(db, insertSubmittedVersion(db, checkedMask(db, input)));
}
