import type { ImageSplit } from '../../../shared/contract/domain.js';
import type { Db } from './openProjectDb.js';

/** A project image that label files may give ground truth for: imported (status ok) from a known path. */
export interface TruthTarget {
  id: number;
  sourcePath: string;
  split: ImageSplit;
  width: number | null;
  height: number | null;
  hasTruth: boolean;
}

export function truthTargets(db: Db): TruthTarget[] {
  const rows = db
    .prepare(
      `SELECT id, source_path, split, width, height, EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = images.id) AS has_truth
       FROM images WHERE status = 'ok' AND source_path IS NOT NULL ORDER BY id`,
    )
    .all() as Array<{ id: number; source_path: string; split: ImageSplit; width: number | null; height: number | null; has_truth: number }>;
  return rows.map((r) => ({ id: r.id, sourcePath: r.source_path, split: r.split, width: r.width, height: r.height, hasTruth: r.has_truth === 1 }));
}

/** Names of the stored sets (T0, T(i), S(i)) an image belongs to. */
export function setsHoldingImage(db: Db): (imageId: number) => string[] {
  const read = db.prepare('SELECT t.name FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE x.image_id = ? ORDER BY t.id').pluck();
  return (imageId) => read.all(imageId) as string[];
}

export interface TruthWrite {
  imageId: number;
  /** Deflated label map (labelMapBlob). */
  mask: Buffer;
  /** Where it came from, e.g. "coco:annotations/instances_val.json". */
  source: string;
  /** The split to move the image to; null keeps its split. */
  split: ImageSplit | null;
  /** Overwrite ground truth the image already has; otherwise such an image is kept as it was. */
  replace: boolean;
}

/** Writes one batch of imported ground truth; runs inside the caller's transaction. Returns the images written. */
export function writeGroundTruth(db: Db, items: readonly TruthWrite[]): number[] {
  const insert = db.prepare('INSERT OR IGNORE INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, ?, ?)');
  const upsert = db.prepare(
    `INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (image_id) DO UPDATE SET mask = excluded.mask, source = excluded.source, created_at = excluded.created_at`,
  );
  const setSplit = db.prepare('UPDATE images SET split = ? WHERE id = ?');
  const now = new Date().toISOString();
  const written: number[] = [];
  for (const item of items) {
    if ((item.replace ? upsert : insert).run(item.imageId, item.mask, item.source, now).changes === 0) continue;
    if (item.split) setSplit.run(item.split, item.imageId);
    written.push(item.imageId);
  }
  return written;
}
