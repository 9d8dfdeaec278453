import type {
  ImageSplit,
  ImageSummary,
  ImageThumbnail,
  ImportFailure,
  ImportFailureCode,
  ImportFailureKind,
} from '../../../shared/contract/domain.js';
import type { DicomFrameRecord } from '../../../shared/dicom/frameRecord.js';
import { dicomFrameWriter } from './dicomFrames.js';
import type { Db } from './openProjectDb.js';

export type ImportWrite =
  | {
      type: 'image';
      hash: string;
      relPath: string;
      sourcePath: string;
      width: number;
      height: number;
      split: ImageSplit;
      thumbnail: Buffer;
      /** Deflated ground truth, when a mask was read for this image. */
      mask: Buffer | null;
      /** The DICOM frame the image was made from. */
      dicom?: DicomFrameRecord;
      /** The imported file, when sourcePath names something else (a DICOM frame): its old failure is cleared. */
      sourceFile?: string;
    }
  /** Ground truth for an image imported earlier without one. */
  | { type: 'mask'; imageId: number; sourcePath: string; mask: Buffer }
  | { type: 'failure'; sourcePath: string; kind: ImportFailureKind; code: ImportFailureCode; reason: string };

/** What one committed batch changed, for the run's counts. */
export interface WriteOutcome {
  imported: number;
  duplicates: number;
  masksStored: number;
  failed: number;
  maskFailures: number;
  /** DICOM frames inserted that may carry burned-in text. */
  burnedIn: number;
}

export interface ExistingImage {
  id: number;
  width: number | null;
  height: number | null;
  hasLabel: boolean;
}

export interface ImportStore {
  findByHash(hash: string): ExistingImage | undefined;
  /** Writes one batch; runs inside the caller's transaction. A file that now imports clears its old failure. */
  write(items: readonly ImportWrite[]): WriteOutcome;
}

/** The writes of one import run (images, ground truth, import failures), prepared once for the run. */
export function importStore(db: Db, folder: string, runId: string): ImportStore {
  const byHash = db.prepare(
    'SELECT id, width, height, EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = images.id) AS has_label FROM images WHERE content_hash = ?',
  );
  const insertImage = db.prepare(
    `INSERT OR IGNORE INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, 'ok', ?)`,
  );
  const insertThumbnail = db.prepare('INSERT INTO image_thumbnails (image_id, thumbnail) VALUES (?, ?)');
  const insertTruth = db.prepare('INSERT OR IGNORE INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, ?, ?)');
  const insertTruthByHash = db.prepare(
    'INSERT OR IGNORE INTO ground_truth (image_id, mask, source, created_at) SELECT id, ?, ?, ? FROM images WHERE content_hash = ?',
  );
  const upsertFailure = db.prepare(
    `INSERT INTO import_failures (folder, rel_path, kind, code, reason, run_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder, rel_path, kind) DO UPDATE SET code = excluded.code, reason = excluded.reason, run_id = excluded.run_id, recorded_at = excluded.recorded_at`,
  );
  const clearFailure = db.prepare('DELETE FROM import_failures WHERE folder = ? AND rel_path = ? AND kind = ?');
  const writeDicomFrame = dicomFrameWriter(db);
  return {
    findByHash(hash) {
      const row = byHash.get(hash) as { id: number; width: number | null; height: number | null; has_label: number } | undefined;
      return row && { id: row.id, width: row.width, height: row.height, hasLabel: row.has_label === 1 };
    },
    write(items) {
      const now = new Date().toISOString();
      const outcome: WriteOutcome = { imported: 0, duplicates: 0, masksStored: 0, failed: 0, maskFailures: 0, burnedIn: 0 };
      const maskSource = (path: string): string => `import:${path}`;
      for (const item of items) {
        if (item.type === 'image') {
          const result = insertImage.run(item.hash, item.relPath, item.sourcePath, item.width, item.height, item.split, now);
          const inserted = result.changes > 0;
          if (inserted) {
            insertThumbnail.run(result.lastInsertRowid, item.thumbnail);
            if (item.dicom) {
              writeDicomFrame(Number(result.lastInsertRowid), item.dicom);
              if (item.dicom.burnedIn !== 'no') outcome.burnedIn++;
            }
          }
          // A twin decoded in parallel got in first: this one is a duplicate.
          if (inserted) outcome.imported++;
          else outcome.duplicates++;
          clearFailure.run(folder, item.sourceFile ?? item.sourcePath, 'image');
          if (item.mask && insertTruthByHash.run(item.mask, maskSource(item.sourcePath), now, item.hash).changes > 0) {
            outcome.masksStored++;
            clearFailure.run(folder, item.sourcePath, 'mask');
          }
        } else if (item.type === 'mask') {
          if (insertTruth.run(item.imageId, item.mask, maskSource(item.sourcePath), now).changes > 0) outcome.masksStored++;
          clearFailure.run(folder, item.sourcePath, 'mask');
        } else {
          upsertFailure.run(folder, item.sourcePath, item.kind, item.code, item.reason, runId, now);
          if (item.kind === 'image') outcome.failed++;
          else outcome.maskFailures++;
        }
      }
      return outcome;
    },
  };
}

/** An images row as the views list it, with whether the image has imported ground truth. */
export interface ImageRow {
  id: number;
  rel_path: string;
  source_path: string | null;
  content_hash: string;
  width: number | null;
  height: number | null;
  split: ImageSplit;
  status: 'ok' | 'failed';
  error: string | null;
  has_label: number;
}

/** The columns of an ImageRow, for queries that list images aliased `i`. */
export const IMAGE_COLUMNS = `i.id, i.rel_path, i.source_path, i.content_hash, i.width, i.height, i.split, i.status, i.error,
  EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id) AS has_label`;

export function toImageSummary(r: ImageRow): ImageSummary {
  return {
    id: r.id,
    relPath: r.rel_path,
    sourcePath: r.source_path,
    contentHash: r.content_hash,
    width: r.width,
    height: r.height,
    split: r.split,
    status: r.status,
    error: r.error,
    hasLabel: r.has_label === 1,
  };
}

/** The image as the editor lists it. */
export function imageSummary(db: Db, imageId: number): ImageSummary | null {
  const row = db.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id = ?`).get(imageId) as ImageRow | undefined;
  return row ? toImageSummary(row) : null;
}

export interface ImageQuery {
  split?: ImageSplit | undefined;
  status?: 'ok' | 'failed' | undefined;
  offset: number;
  limit: number;
  /** Keyset: the page after this id, or the one ending before that id; offset is then ignored. */
  after?: number | undefined;
  before?: number | undefined;
}

/**
 * A page of images in id order with the total under the filter. The total comes from the kept
 * counts and a keyset page is one index range, so neither grows with the pool; an offset page
 * walks the index up to its offset.
 */
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
  const backwards = query.before !== undefined;
  if (query.after !== undefined) {
    where.push('i.id > ?');
    params.push(query.after);
  } else if (backwards) {
    where.push('i.id < ?');
    params.push(query.before);
  }
  const keyset = query.after !== undefined || backwards;
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db
    .prepare(`SELECT ${IMAGE_COLUMNS} FROM images i ${clause} ORDER BY i.id ${backwards ? 'DESC' : ''} LIMIT ? OFFSET ?`)
    .all(...params, query.limit, keyset ? 0 : query.offset) as ImageRow[];
  if (backwards) rows.reverse();
  return {
    total: countImages(db, query),
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
    .prepare(`SELECT t.image_id AS id, t.thumbnail, i.source_path FROM image_thumbnails t JOIN images i ON i.id = t.image_id WHERE t.image_id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as { id: number; thumbnail: Buffer; source_path: string | null }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ id, dataUrl: `data:image/webp;base64,${row.thumbnail.toString('base64')}`, sourcePath: row.source_path }] : [];
  });
}

/** Every image row, whatever its status. */
export function countAllImages(db: Db): number {
  return db.prepare('SELECT coalesce(sum(n), 0) FROM image_counts').pluck().get() as number;
}

/** Images of a split and/or status (either may be left out), from the counts the triggers of migration 0012 keep: no row is counted. */
export function countImages(db: Db, filter: { split?: ImageSplit | undefined; status?: 'ok' | 'failed' | undefined }): number {
  return db
    .prepare('SELECT coalesce(sum(n), 0) FROM image_counts WHERE (@split IS NULL OR split = @split) AND (@status IS NULL OR status = @status)')
    .pluck()
    .get({ split: filter.split ?? null, status: filter.status ?? null }) as number;
}

/** Where one image's file is and its size; undefined for an unknown id. Loops use imageFileReader. */
export function imageFile(db: Db, imageId: number): ImageFile | undefined {
  return imageFileReader(db)(imageId);
}

/** The hash of an image's file content (what caches of per-image results are keyed by); undefined for an unknown id. */
export function imageContentHash(db: Db, imageId: number): string | undefined {
  return (db.prepare('SELECT content_hash FROM images WHERE id = ?').get(imageId) as { content_hash: string } | undefined)?.content_hash;
}

/** Records the size of an image imported without one; a size already known is never overwritten. */
export function fillMissingImageSize(db: Db, imageId: number, width: number, height: number): void {
  db.prepare('UPDATE images SET width = ?, height = ? WHERE id = ? AND width IS NULL').run(width, height, imageId);
}

/** Every image's split and path under the folder it was imported from (null for an image without one). */
export function listImageSources(db: Db): Array<{ id: number; split: ImageSplit; sourcePath: string | null }> {
  return (db.prepare('SELECT id, split, source_path FROM images').all() as Array<{ id: number; split: ImageSplit; source_path: string | null }>).map((r) => ({
    id: r.id,
    split: r.split,
    sourcePath: r.source_path,
  }));
}

export interface ImageFile {
  /** Path of the stored copy, relative to the project folder. */
  relPath: string;
  /** Where it was imported from, relative to the import folder; null when unknown. */
  sourcePath: string | null;
  width: number | null;
  height: number | null;
}

/** Reads where an image's file is and its size, prepared once for loops over images. */
export function imageFileReader(db: Db): (imageId: number) => ImageFile | undefined {
  const read = db.prepare('SELECT rel_path, source_path, width, height FROM images WHERE id = ?');
  return (imageId) => {
    const row = read.get(imageId) as { rel_path: string; source_path: string | null; width: number | null; height: number | null } | undefined;
    return row && { relPath: row.rel_path, sourcePath: row.source_path, width: row.width, height: row.height };
  };
}

export interface PoolImage {
  id: number;
  contentHash: string;
  width: number | null;
  height: number | null;
}

/** The pool images that imported cleanly, in id order. */
export function poolImages(db: Db): PoolImage[] {
  return (
    db.prepare("SELECT id, content_hash, width, height FROM images WHERE split = 'pool' AND status = 'ok' ORDER BY id").all() as Array<{
      id: number;
      content_hash: string;
      width: number | null;
      height: number | null;
    }>
  ).map((r) => ({ id: r.id, contentHash: r.content_hash, width: r.width, height: r.height }));
}

/** Content hashes of the given images, by id (unknown ids are left out). */
export function contentHashesOf(db: Db, ids: readonly number[]): Map<number, string> {
  const read = db.prepare('SELECT content_hash FROM images WHERE id = ?').pluck();
  const out = new Map<number, string>();
  for (const id of ids) {
    const hash = read.get(id) as string | undefined;
    if (hash !== undefined) out.set(id, hash);
  }
  return out;
}

/** Total image area of a set of images (the upper bound of its labelled pixels). */
export function imageArea(db: Db, ids: readonly number[]): number {
  const area = db.prepare('SELECT coalesce(width * height, 0) FROM images WHERE id = ?').pluck();
  return ids.reduce((sum, id) => sum + ((area.get(id) as number | undefined) ?? 0), 0);
}

/** The deflated ground truth imported for an image, null when it has none. */
export function groundTruthMask(db: Db, imageId: number): Buffer | null {
  return (db.prepare('SELECT mask FROM ground_truth WHERE image_id = ?').pluck().get(imageId) as Buffer | undefined) ?? null;
}

export function hasGroundTruth(db: Db, imageId: number): boolean {
  return db.prepare('SELECT 1 FROM ground_truth WHERE image_id = ?').get(imageId) !== undefined;
}
