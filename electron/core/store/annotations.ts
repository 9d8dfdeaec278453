import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ReviewMark,
  type AnnotationQueueFilter,
  type AnnotationStatus,
  type AnnotationVersion,
  type ImageSplit,
  type ImageSummary,
  type ReviewDecision,
  type ReviewRecord,
} from '../../../shared/contract/domain.js';
import type { Db } from './openProjectDb.js';
import { IMAGE_COLUMNS, toImageSummary, type ImageRow } from './images.js';

/** Drafts are version 0, so UNIQUE (image_id, author_id, version) keeps one draft per image and author. */
const DRAFT_VERSION = 0;

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

const ANNOTATION_SELECT = `SELECT a.id, a.image_id, a.author_id, p.name AS author_name, a.version, a.status, a.source,
  a.width, a.height, a.time_ms, a.created_at FROM annotations a JOIN people p ON p.id = a.author_id`;

function toAnnotationVersion(row: AnnotationRow): AnnotationVersion {
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
  const row = db.prepare(`${ANNOTATION_SELECT} WHERE a.id = ?`).get(id) as AnnotationRow | undefined;
  return row ? toAnnotationVersion(row) : null;
}

export function annotationsByIds(db: Db, ids: readonly number[]): Map<number, AnnotationVersion> {
  if (ids.length === 0) return new Map();
  const rows = db.prepare(`${ANNOTATION_SELECT} WHERE a.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as AnnotationRow[];
  return new Map(rows.map((r) => [r.id, toAnnotationVersion(r)]));
}

export function draftOf(db: Db, imageId: number, authorId: number): AnnotationVersion | null {
  const row = db.prepare(`${ANNOTATION_SELECT} WHERE a.image_id = ? AND a.author_id = ? AND a.version = ${DRAFT_VERSION}`).get(imageId, authorId) as
    | AnnotationRow
    | undefined;
  return row ? toAnnotationVersion(row) : null;
}

/** The newest submitted, accepted or returned version of an image. */
export function latestVersion(db: Db, imageId: number): AnnotationVersion | null {
  const row = db.prepare(`${ANNOTATION_SELECT} WHERE a.image_id = ? AND a.version > ${DRAFT_VERSION} ORDER BY a.version DESC LIMIT 1`).get(imageId) as
    | AnnotationRow
    | undefined;
  return row ? toAnnotationVersion(row) : null;
}

export function versionsOf(db: Db, imageId: number): AnnotationVersion[] {
  const rows = db.prepare(`${ANNOTATION_SELECT} WHERE a.image_id = ? AND a.version > ${DRAFT_VERSION} ORDER BY a.version`).all(imageId) as AnnotationRow[];
  return rows.map(toAnnotationVersion);
}

/** The deflated label map an annotation stored. */
export function annotationMask(db: Db, id: number): Buffer | null {
  return (db.prepare('SELECT mask FROM annotations WHERE id = ?').pluck().get(id) as Buffer | undefined) ?? null;
}

/** A mask as the editor saves it: checked, deflated, at the image's size. */
export interface AnnotationMaskWrite {
  imageId: number;
  authorId: number;
  origin: string;
  mask: Buffer;
  width: number;
  height: number;
  timeMs: number;
  createdAt: string;
}

/** Writes the author's one draft of the image, replacing the previous one in place. */
export function upsertDraft(db: Db, draft: AnnotationMaskWrite): void {
  db.prepare(
    `INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, time_ms, created_at)
     VALUES (?, ?, ?, ${DRAFT_VERSION}, 'draft', ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_id, author_id, version) DO UPDATE SET
       source = excluded.source, mask = excluded.mask, width = excluded.width, height = excluded.height,
       time_ms = excluded.time_ms, created_at = excluded.created_at`,
  ).run(randomUUID(), draft.imageId, draft.authorId, draft.origin, draft.mask, draft.width, draft.height, draft.timeMs, draft.createdAt);
}

export function deleteDraft(db: Db, imageId: number, authorId: number): void {
  db.prepare(`DELETE FROM annotations WHERE image_id = ? AND author_id = ? AND version = ${DRAFT_VERSION}`).run(imageId, authorId);
}

/**
 * Records the mask as the image's next version (numbered per image, across authors) in one
 * transaction. The author's draft row becomes that version, so its identity (uid) is kept.
 */
export function insertSubmittedVersion(db: Db, version: AnnotationMaskWrite): number {
  return db.transaction(() => {
    const { top } = db.prepare('SELECT COALESCE(MAX(version), 0) AS top FROM annotations WHERE image_id = ?').get(version.imageId) as { top: number };
    const draft = draftOf(db, version.imageId, version.authorId);
    const values = [top + 1, version.origin, version.mask, version.width, version.height, version.timeMs, version.createdAt];
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
      .run(...values, randomUUID(), version.imageId, version.authorId);
    return Number(result.lastInsertRowid);
  })();
}

export interface QueuePageQuery {
  filter: AnnotationQueueFilter;
  authorId: number | null;
  split?: ImageSplit | undefined;
  testSetId?: number | undefined;
  offset: number;
  limit: number;
}

/**
 * A page of images to label, in id order, with the id of each one's newest version (the highest
 * version number; versions are numbered per image) and of the author's draft.
 */
export function annotationQueuePage(
  db: Db,
  query: QueuePageQuery,
): { total: number; rows: Array<{ image: ImageSummary; latestId: number | null; draftId: number | null }> } {
  const author = query.authorId;
  const where = ["i.status = 'ok'"];
  const params: unknown[] = [];
  if (query.split) {
    where.push('i.split = ?');
    params.push(query.split);
  }
  if (query.testSetId !== undefined) {
    where.push('i.id IN (SELECT x.image_id FROM test_set_images x WHERE x.test_set_id = ?)');
    params.push(query.testSetId);
  }
  if (query.filter === 'unlabelled') where.push('l.id IS NULL');
  else if (query.filter === 'drafts') {
    where.push(`EXISTS (SELECT 1 FROM annotations d WHERE d.image_id = i.id AND d.version = ${DRAFT_VERSION} AND (? IS NULL OR d.author_id = ?))`);
    params.push(author, author);
  } else if (query.filter !== 'all') {
    where.push('l.status = ?');
    params.push(query.filter);
  }
  const from = `FROM images i
    LEFT JOIN annotations l ON l.image_id = i.id
      AND l.version = (SELECT MAX(v.version) FROM annotations v WHERE v.image_id = i.id AND v.version > ${DRAFT_VERSION})
    WHERE ${where.join(' AND ')}`;
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${IMAGE_COLUMNS}, l.id AS latest_id,
         (SELECT d.id FROM annotations d WHERE d.image_id = i.id AND d.version = ${DRAFT_VERSION} AND d.author_id = ?) AS draft_id
       ${from} ORDER BY i.id LIMIT ? OFFSET ?`,
    )
    .all(author, ...params, query.limit, query.offset) as Array<ImageRow & { latest_id: number | null; draft_id: number | null }>;
  return { total, rows: rows.map((r) => ({ image: toImageSummary(r), latestId: r.latest_id, draftId: r.draft_id })) };
}

/** Whether an image has an accepted annotation; prepared once for loops over images. */
export function acceptedAnnotationChecker(db: Db): (imageId: number) => boolean {
  const accepted = db.prepare("SELECT 1 FROM annotations WHERE image_id = ? AND status = 'accepted'");
  return (imageId) => accepted.get(imageId) !== undefined;
}

// Labelling time, which the leaderboard sets against what dense labelling would have cost.

/** Recorded times of submitted or accepted annotations started from an empty mask. */
export function scratchLabellingTimesMs(db: Db): number[] {
  return db.prepare("SELECT time_ms FROM annotations WHERE status IN ('submitted', 'accepted') AND source = 'scratch' AND time_ms > 0").pluck().all() as number[];
}

/** Time spent on every annotation of the images in a round's sets. */
export function roundLabellingMs(db: Db, roundId: number): number {
  return db
    .prepare(
      `SELECT coalesce(sum(a.time_ms), 0) FROM annotations a JOIN test_set_images x ON x.image_id = a.image_id
       JOIN test_sets t ON t.id = x.test_set_id WHERE t.round_id = ?`,
    )
    .pluck()
    .get(roundId) as number;
}

interface ReviewRow {
  id: number;
  annotation_id: number;
  version: number;
  reviewer_id: number;
  reviewer_name: string;
  decision: ReviewDecision;
  marks: string;
  created_at: string;
}

const REVIEW_SELECT = `SELECT r.id, r.annotation_id, a.version, r.reviewer_id, p.name AS reviewer_name, r.decision, r.marks, r.created_at
  FROM reviews r JOIN annotations a ON a.id = r.annotation_id JOIN people p ON p.id = r.reviewer_id`;

/** reviews.marks; a row that does not parse reads as no marks. */
const StoredMarks = z.array(ReviewMark);

function toReview(row: ReviewRow): ReviewRecord {
  const marks = StoredMarks.safeParse(JSON.parse(row.marks));
  return {
    id: row.id,
    annotationId: row.annotation_id,
    version: row.version,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    decision: row.decision,
    marks: marks.success ? marks.data : [],
    createdAt: row.created_at,
  };
}

/** Sets the annotation's status to the decision and records the review; the caller holds the transaction. */
export function insertReview(db: Db, review: { annotationId: number; reviewerId: number; decision: ReviewDecision; marks: ReviewMark[]; createdAt: string }): number {
  db.prepare('UPDATE annotations SET status = ? WHERE id = ?').run(review.decision, review.annotationId);
  const result = db
    .prepare('INSERT INTO reviews (uid, annotation_id, reviewer_id, decision, marks, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(randomUUID(), review.annotationId, review.reviewerId, review.decision, JSON.stringify(review.marks), review.createdAt);
  return Number(result.lastInsertRowid);
}

export function reviewById(db: Db, id: number): ReviewRecord | null {
  const row = db.prepare(`${REVIEW_SELECT} WHERE r.id = ?`).get(id) as ReviewRow | undefined;
  return row ? toReview(row) : null;
}

export function reviewsOfImage(db: Db, imageId: number): ReviewRecord[] {
  return (db.prepare(`${REVIEW_SELECT} WHERE a.image_id = ? ORDER BY r.id`).all(imageId) as ReviewRow[]).map(toReview);
}

export function latestReviewOf(db: Db, annotationId: number): ReviewRecord | null {
  const row = db.prepare(`${REVIEW_SELECT} WHERE r.annotation_id = ? ORDER BY r.id DESC LIMIT 1`).get(annotationId) as ReviewRow | undefined;
  return row ? toReview(row) : null;
}
