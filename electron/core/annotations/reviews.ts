import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ReviewMark, type ReviewDecision, type ReviewRecord } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';
import { latestVersion, nowIso, requireAnnotation, requirePerson } from './annotationRows.js';

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

export interface ReviewInput {
  annotationId: number;
  reviewerId: number;
  decision: ReviewDecision;
  marks: ReviewMark[];
}

/**
 * Accepts or returns the newest submitted version of an image. A cross-check by the author
 * would check nothing, so the reviewer must be someone else; a return must say where (a mark).
 */
export function reviewVersion(db: Db, input: ReviewInput): ReviewRecord {
  const reviewerName = requirePerson(db, input.reviewerId, 'reviewer');
  const id = db.transaction(() => {
    const annotation = requireAnnotation(db, input.annotationId);
    if (annotation.status !== 'submitted') {
      const what = annotation.status === 'draft' ? 'a draft' : `already ${annotation.status}`;
      throw new FaultlineError('invalid_input', `Annotation ${annotation.id} is ${what}; only a submitted version can be reviewed.`);
    }
    const latest = latestVersion(db, annotation.imageId);
    if (latest && latest.id !== annotation.id) {
      throw new FaultlineError('invalid_input', `Version ${annotation.version} was superseded by version ${latest.version}; review that one.`);
    }
    if (annotation.authorId === input.reviewerId) {
      throw new FaultlineError('invalid_input', `${reviewerName} made this version; a review must be done by someone else.`);
    }
    if (input.decision === 'returned' && input.marks.length === 0) {
      throw new FaultlineError('invalid_input', 'Place at least one mark to show the annotator what to fix before returning a mask.');
    }
    const outside = input.marks.find((m) => m.x >= annotation.width || m.y >= annotation.height);
    if (outside) {
      throw new FaultlineError('invalid_input', `A mark at (${outside.x}, ${outside.y}) lies outside the ${annotation.width}×${annotation.height} image.`);
    }
    db.prepare('UPDATE annotations SET status = ? WHERE id = ?').run(input.decision, annotation.id);
    const result = db
      .prepare('INSERT INTO reviews (uid, annotation_id, reviewer_id, decision, marks, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(randomUUID(), annotation.id, input.reviewerId, input.decision, JSON.stringify(input.marks), nowIso());
    return Number(result.lastInsertRowid);
  })();
  return toReview(db.prepare(`${REVIEW_SELECT} WHERE r.id = ?`).get(id) as ReviewRow);
}

export function reviewsOfImage(db: Db, imageId: number): ReviewRecord[] {
  return (db.prepare(`${REVIEW_SELECT} WHERE a.image_id = ? ORDER BY r.id`).all(imageId) as ReviewRow[]).map(toReview);
}

export function latestReviewOf(db: Db, annotationId: number): ReviewRecord | null {
  const row = db.prepare(`${REVIEW_SELECT} WHERE r.annotation_id = ? ORDER BY r.id DESC LIMIT 1`).get(annotationId) as ReviewRow | undefined;
  return row ? toReview(row) : null;
}
