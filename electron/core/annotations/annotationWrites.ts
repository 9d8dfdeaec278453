import { randomUUID } from 'node:crypto';
import type { AnnotationVersion, MaskPayload } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';
import { DRAFT_VERSION, classIds, draftOf, nowIso, requireAnnotation, requireEditableImage, requirePerson } from './annotationRows.js';
import { readMaskPayload } from './maskCodec.js';

export interface SaveMaskInput {
  imageId: number;
  authorId: number;
  origin: string;
  timeMs: number;
  mask: MaskPayload;
}

function checkedMask(db: Db, input: SaveMaskInput): Buffer {
  const image = requireEditableImage(db, input.imageId);
  requirePerson(db, input.authorId, 'annotator');
  return readMaskPayload(input.mask, image, classIds(db));
}

/** Writes the author's one draft of the image, replacing the previous one in place. */
export function saveDraft(db: Db, input: SaveMaskInput): AnnotationVersion {
  const mask = checkedMask(db, input);
  db.prepare(
    `INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, time_ms, created_at)
     VALUES (?, ?, ?, ${DRAFT_VERSION}, 'draft', ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_id, author_id, version) DO UPDATE SET
       source = excluded.source, mask = excluded.mask, width = excluded.width, height = excluded.height,
       time_ms = excluded.time_ms, created_at = excluded.created_at`,
  ).run(randomUUID(), input.imageId, input.authorId, input.origin, mask, input.mask.width, input.mask.height, input.timeMs, nowIso());
  return draftOf(db, input.imageId, input.authorId)!;
}

export function discardDraft(db: Db, imageId: number, authorId: number): void {
  db.prepare(`DELETE FROM annotations WHERE image_id = ? AND author_id = ? AND version = ${DRAFT_VERSION}`).run(imageId, authorId);
}

/**
 * Records the mask as the image's next version (numbered per image, across authors) with the
 * author's active time. The draft row becomes that version, so its identity (uid) is kept.
 */
export function submitVersion(db: Db, input: SaveMaskInput): AnnotationVersion {
  const mask = checkedMask(db, input);
  const id = db.transaction(() => {
    const { top } = db.prepare('SELECT COALESCE(MAX(version), 0) AS top FROM annotations WHERE image_id = ?').get(input.imageId) as { top: number };
    const draft = draftOf(db, input.imageId, input.authorId);
    const values = [top + 1, input.origin, mask, input.mask.width, input.mask.height, input.timeMs, nowIso()];
    if (draft) {
      db.prepare(
        `UPDATE annotations SET version = ?, status = 'submitted', source = ?, mask = ?, width = ?, height = ?, time_ms = ?, created_at = ?
         WHERE id = ?`,
      ).run(...values, draft.id);
      return draft.id;
    }
    const result = db
      .prepare(
        `INSERT INTO annotations (version, status, source, mask, width, height, time_ms, created_at, uid, image_id, author_id)
         VALUES (?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...values, randomUUID(), input.imageId, input.authorId);
    return Number(result.lastInsertRowid);
  })();
  return requireAnnotation(db, id);
}
