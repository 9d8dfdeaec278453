import type { ImageSplit, ImageSummary, ImageThumbnail, ImportFailure, ImportFailureKind } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';
import { IMAGE_COLUMNS, toImageSummary, type ImageRow } from './imageRows.js';

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
      `SELECT ${IMAGE_COLUMNS} FROM images i ${clause} ORDER BY i.id LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit, query.offset) as ImageRow[];
  return {
    total,
    items: rows.map(toImageSummary),
  };
}

export interface FailureQuery {
  runId?: string | undefined;
  kind?: ImportFailureKind | undefined;
  offset: number;
  limit: number;
}

interface FailureRow {
  id: number;
  folder: string;
  rel_path: string;
  kind: ImportFailure['kind'];
  code: ImportFailure['code'];
  reason: string;
  recorded_at: string;
}

/** Import failures, most recently recorded first; a run's own when runId is given. */
export function listImportFailures(db: Db, query: FailureQuery): { total: number; items: ImportFailure[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.runId) {
    where.push('run_id = ?');
    params.push(query.runId);
  }
  if (query.kind) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM import_failures ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT id, folder, rel_path, kind, code, reason, recorded_at FROM import_failures ${clause} ORDER BY recorded_at DESC, id DESC LIMIT ? OFFSET ?`)
    .all(...params, query.limit, query.offset) as FailureRow[];
  return {
    total,
    items: rows.map((r) => ({ id: r.id, folder: r.folder, relPath: r.rel_path, kind: r.kind, code: r.code, reason: r.reason, recordedAt: r.recorded_at })),
  };
}

/** Grid thumbnails as data: URLs (the renderer's CSP allows them), in the order asked; ids without one are left out. */
export function imageThumbnails(db: Db, ids: readonly number[]): ImageThumbnail[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`SELECT id, thumbnail, source_path FROM images WHERE thumbnail IS NOT NULL AND id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as { id: number; thumbnail: Buffer; source_path: string | null }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ id, dataUrl: `data:image/webp;base64,${row.thumbnail.toString('base64')}`, sourcePath: row.source_path }] : [];
  });
}
