import type { AnnotationQueueFilter, AnnotationQueueItem, ImageSplit } from '../../../shared/contract/domain.js';
import type { Db } from '../store/openProjectDb.js';
import { annotationQueuePage, annotationsByIds } from '../store/annotations.js';

export interface QueueQuery {
  filter: AnnotationQueueFilter;
  authorId?: number | undefined;
  split?: ImageSplit | undefined;
  testSetId?: number | undefined;
  offset: number;
  limit: number;
}

/** Images to label, in id order, with the newest version of each and the asker's draft. */
export function listQueue(db: Db, query: QueueQuery): { total: number; items: AnnotationQueueItem[] } {
  const { total, rows } = annotationQueuePage(db, { ...query, authorId: query.authorId ?? null });
  const versions = annotationsByIds(
    db,
    rows.flatMap((r) => [r.latestId, r.draftId].filter((id): id is number => id !== null)),
  );
  return {
    total,
    items: rows.map((r) => ({
      image: r.image,
      latest: r.latestId === null ? null : (versions.get(r.latestId) ?? null),
      draft: r.draftId === null ? null : (versions.get(r.draftId) ?? null),
    })),
  };
}
