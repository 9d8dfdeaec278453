import type { AnnotationStatus, AnnotationVersion, ImageSummary } from '../../../shared/contract/domain.js';
import { IMAGE_COLUMNS, toImageSummary, type ImageRow } from '../services/imageRows.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

/** Drafts are version 0, so UNIQUE (image_id, author_id, version) keeps one draft per image and author. */
export const DRAFT_VERSION = 0;

interface AnnotationRow {
  id: number;
  image_id: number;
  author_id: number;
  author_name: string;
  version: number;
  status: AnnotationStatus;
  source: string;
  width: number;
  height: number;
  time_ms: number;
  created_at: string;
}

/** Columns of an annotation joined with its author's name; callers add FROM/WHERE after `ANNOTATION_FROM`. */
export const ANNOTATION_COLUMNS = `a.id, a.image_id, a.author_id, p.name AS author_name, a.version, a.status, a.source,
  a.width, a.height, a.time_ms, a.created_at`;
export const ANNOTATION_FROM = 'FROM annotations a JOIN people p ON p.id = a.author_id';

export function toAnnotationVersion(row: AnnotationRow): AnnotationVersion {
  return {
    id: row.id,
    imageId: row.image_id,
    authorId: row.author_id,
    authorName: row.author_name,
    version: row.version,
    status: row.status,
    origin: row.source,
    width: row.width,
    height: row.height,
    timeMs: row.time_ms,
    createdAt: row.created_at,
  };
}

export function annotationById(db: Db, id: number): AnnotationVersion | null {
  const row = db.prepare(`SELECT ${ANNOTATION_COLUMNS} ${ANNOTATION_FROM} WHERE a.id = ?`).get(id) as AnnotationRow | undefined;
  return row ? toAnnotationVersion(row) : null;
}

export function requireAnnotation(db: Db, id: number): AnnotationVersion {
  const found = annotationById(db, id);
  if (!found) throw new FaultlineError('not_found', `There is no annotation ${id}.`);
  return found;
}

export function annotationsByIds(db: Db, ids: readonly number[]): Map<number, AnnotationVersion> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT ${ANNOTATION_COLUMNS} ${ANNOTATION_FROM} WHERE a.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as AnnotationRow[];
  return new Map(rows.map((r) => [r.id, toAnnotationVersion(r)]));
}

export function draftOf(db: Db, imageId: number, authorId: number): AnnotationVersion | null {
  const row = db
    .prepare(`SELECT ${ANNOTATION_COLUMNS} ${ANNOTATION_FROM} WHERE a.image_id = ? AND a.author_id = ? AND a.version = ${DRAFT_VERSION}`)
    .get(imageId, authorId) as AnnotationRow | undefined;
  return row ? toAnnotationVersion(row) : null;
}

/** The newest submitted, accepted or returned version of an image. */
export function latestVersion(db: Db, imageId: number): AnnotationVersion | null {
  const row = db
    .prepare(`SELECT ${ANNOTATION_COLUMNS} ${ANNOTATION_FROM} WHERE a.image_id = ? AND a.version > ${DRAFT_VERSION} ORDER BY a.version DESC LIMIT 1`)
    .get(imageId) as AnnotationRow | undefined;
  return row ? toAnnotationVersion(row) : null;
}

export function versionsOf(db: Db, imageId: number): AnnotationVersion[] {
  const rows = db
    .prepare(`SELECT ${ANNOTATION_COLUMNS} ${ANNOTATION_FROM} WHERE a.image_id = ? AND a.version > ${DRAFT_VERSION} ORDER BY a.version`)
    .all(imageId) as AnnotationRow[];
  return rows.map(toAnnotationVersion);
}

export function requireImage(db: Db, imageId: number): ImageSummary {
  const row = db.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id = ?`).get(imageId) as ImageRow | undefined;
  if (!row) throw new FaultlineError('not_found', `There is no image ${imageId}.`);
  return toImageSummary(row);
}

/** An image the editor can label: imported without error and with a known size. */
export function requireEditableImage(db: Db, imageId: number): ImageSummary & { width: number; height: number } {
  const image = requireImage(db, imageId);
  if (image.status !== 'ok') throw new FaultlineError('invalid_input', `Image ${imageId} (${image.relPath}) failed to import and cannot be labelled.`);
  if (image.width === null || image.height === null) {
    throw new FaultlineError('invalid_input', `The size of image ${imageId} (${image.relPath}) is unknown; import it again before labelling it.`);
  }
  return { ...image, width: image.width, height: image.height };
}

export function requirePerson(db: Db, personId: number, role: string): string {
  const row = db.prepare('SELECT name FROM people WHERE id = ?').get(personId) as { name: string } | undefined;
  if (!row) throw new FaultlineError('not_found', `There is no ${role} with id ${personId}; pick your name again.`);
  return row.name;
}

export function classIds(db: Db): Set<number> {
  return new Set((db.prepare('SELECT id FROM classes').all() as { id: number }[]).map((r) => r.id));
}

export function nowIso(): string {
  return new Date().toISOString();
}

