import type { ReviewDecision, ReviewMark, ReviewRecord } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { insertReview, latestVersion, reviewById } from '../store/annotations.js';
import { nowIso, requireAnnotation, requirePerson } from './annotationRows.js';

/** Kept for the annotation handlers, which import it from here. */

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
    return insertReview(db, { annotationId: annotation.id, reviewerId: input.reviewerId, decision: input.decision, marks: input.marks, createdAt: nowIso() });
  })();
  return reviewById(db, id)!;
}
