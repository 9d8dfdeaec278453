import type { ImageSplit, ImageSummary } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';

interface ImageRow {
  id: number;
  rel_path: string;
  content_hash: string;
  width: number | null;
  height: number | null;
  split: ImageSplit;
  status: 'ok' | 'failed';
  error: string | null;
  has_label: number;
}

export interface ImageQuery {
  split?: ImageSplit | undefined;
  status?: 'ok' | 'failed' | undefined;
  offset: number;
  limit: number;
}

export function listImages(db: Db, query: ImageQuery): { total: number; items: ImageSummary[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.split) {
    where.push('i.split = ?');
    params.push(query.split);
  }
  if (query.status) {
    where.push('i.status = ?');
    params.push(query.status);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM images i ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT i.id, i.rel_path, i.content_hash, i.width, i.height, i.split, i.status, i.error,
              EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id) AS has_label
       FROM images i ${clause} ORDER BY i.id LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit, query.offset) as ImageRow[];
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      relPath: r.rel_path,
      contentHash: r.content_hash,
      width: r.width,
      height: r.height,
      split: r.split,
      status: r.status,
      error: r.error,
      hasLabel: r.has_label === 1,
    })),
  };
}
