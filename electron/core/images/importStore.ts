import type { ImageSplit, ImportFailureCode, ImportFailureKind } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';

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
}

export interface ExistingImage {
  id: number;
  width: number | null;
  height: number | null;
  hasLabel: boolean;
}

/** The SQL of an import run: looking images up by content hash and writing one batch. */
export class ImportStore {
  private readonly byHash;
  private readonly insertImage;
  private readonly insertTruth;
  private readonly insertTruthByHash;
  private readonly upsertFailure;
  private readonly clearFailure;

  constructor(
    db: Db,
    private readonly folder: string,
    private readonly runId: string,
  ) {
    this.byHash = db.prepare(
      'SELECT id, width, height, EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = images.id) AS has_label FROM images WHERE content_hash = ?',
    );
    this.insertImage = db.prepare(
      `INSERT OR IGNORE INTO images (content_hash, rel_path, source_path, width, height, split, status, thumbnail, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, 'ok', ?, ?)`,
    );
    this.insertTruth = db.prepare('INSERT OR IGNORE INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, ?, ?)');
    this.insertTruthByHash = db.prepare(
      'INSERT OR IGNORE INTO ground_truth (image_id, mask, source, created_at) SELECT id, ?, ?, ? FROM images WHERE content_hash = ?',
    );
    this.upsertFailure = db.prepare(
      `INSERT INTO import_failures (folder, rel_path, kind, code, reason, run_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (folder, rel_path, kind) DO UPDATE SET code = excluded.code, reason = excluded.reason, run_id = excluded.run_id, recorded_at = excluded.recorded_at`,
    );
    this.clearFailure = db.prepare('DELETE FROM import_failures WHERE folder = ? AND rel_path = ? AND kind = ?');
  }

  findByHash(hash: string): ExistingImage | undefined {
    const row = this.byHash.get(hash) as { id: number; width: number | null; height: number | null; has_label: number } | undefined;
    return row && { id: row.id, width: row.width, height: row.height, hasLabel: row.has_label === 1 };
  }

  /** Writes one batch; runs inside the caller's transaction. A file that now imports clears its old failure. */
  write(items: readonly ImportWrite[]): WriteOutcome {
    const now = new Date().toISOString();
    const outcome: WriteOutcome = { imported: 0, duplicates: 0, masksStored: 0, failed: 0, maskFailures: 0 };
    const maskSource = (path: string): string => `import:${path}`;
    for (const item of items) {
      if (item.type === 'image') {
        const inserted = this.insertImage.run(item.hash, item.relPath, item.sourcePath, item.width, item.height, item.split, item.thumbnail, now).changes > 0;
        // A twin decoded in parallel got in first: this one is a duplicate.
        if (inserted) outcome.imported++;
        else outcome.duplicates++;
        this.clearFailure.run(this.folder, item.sourcePath, 'image');
        if (item.mask && this.insertTruthByHash.run(item.mask, maskSource(item.sourcePath), now, item.hash).changes > 0) {
          outcome.masksStored++;
          this.clearFailure.run(this.folder, item.sourcePath, 'mask');
        }
      } else if (item.type === 'mask') {
        if (this.insertTruth.run(item.imageId, item.mask, maskSource(item.sourcePath), now).changes > 0) outcome.masksStored++;
        this.clearFailure.run(this.folder, item.sourcePath, 'mask');
      } else {
        this.upsertFailure.run(this.folder, item.sourcePath, item.kind, item.code, item.reason, this.runId, now);
        if (item.kind === 'image') outcome.failed++;
        else outcome.maskFailures++;
      }
    }
    return outcome;
  }
}
