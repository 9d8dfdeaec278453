import type { AnnotationQueueFilter, AnnotationQueueItem, ImageSplit } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';
import { IMAGE_COLUMNS, toImageSummary, type ImageRow } from '../services/imageRows.js';
import { DRAFT_VERSION, annotationsByIds } from './annotationRows.js';

export interface QueueQuery {
  filter: AnnotationQueueFilter;
  authorId?: number | undefined;
  split?: ImageSplit | undefined;
  testSetId?: number | undefined;
  offset: number;
  limit: number;
}

/**
 * Images to label, in id order, with the newest version of each and the asker's draft. The
 * newest version is the highest version number (versions are numbered per image).
 */
export function listQueue(db: Db, query: QueueQuery): { total: number; items: AnnotationQueueItem[] } {
  const author = query.authorId ?? null;
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
  const versions = annotationsByIds(
    db,
    rows.flatMap((r) => [r.latest_id, r.draft_id].filter((id): id is number => id !== null)),
  );
  return {
    total,
    items: rows.map((r) => ({
      image: toImageSummary(r),
      latest: r.latest_id === null ? null : (versions.get(r.latest_id) ?? null),
      draft: r.draft_id === null ? null : (versions.get(r.draft_id) ?? null),
    })),
  };
}
