import { inflateLabelMap } from '../project/labelMapBlob.js';
import type { Db } from '../project/openProjectDb.js';

/**
 * The mask label quality scores an image against: its newest submitted or accepted annotation,
 * else its imported ground truth. Unlike the evaluation's reference mask (ground truth first), a
 * correction made in the editor wins here, because finding and fixing wrong masks is what scoring
 * is for; a returned version is not a label.
 */
export interface QualityLabel {
  mask: Uint8Array;
  width: number;
  height: number;
  /** Which mask it is: `ground_truth` or `annotation:<id>`; a different value later means the label was edited. */
  ref: string;
}

export function qualityLabel(db: Db, imageId: number): QualityLabel | null {
  const ref = currentLabelRef(db, imageId);
  return ref === null ? null : labelByRef(db, imageId, ref);
}

export function currentLabelRef(db: Db, imageId: number): string | null {
  return (db.prepare(`SELECT ${LABEL_REF_SQL} FROM images i WHERE i.id = ?`).pluck().get(imageId) as string | null | undefined) ?? null;
}

/** The mask a reference names (as recorded at the start of a run, so every pass reads the same one), or null when it is gone. */
export function labelByRef(db: Db, imageId: number, ref: string): QualityLabel | null {
  if (ref === 'ground_truth') {
    const truth = db
      .prepare('SELECT g.mask, i.width, i.height FROM ground_truth g JOIN images i ON i.id = g.image_id WHERE g.image_id = ?')
      .get(imageId) as { mask: Buffer; width: number | null; height: number | null } | undefined;
    if (!truth || truth.width === null || truth.height === null) return null;
    return { mask: inflateLabelMap(truth.mask, truth.width, truth.height, `ground truth of image ${imageId}`), width: truth.width, height: truth.height, ref };
  }
  const id = Number(ref.slice('annotation:'.length));
  const row = db.prepare('SELECT mask, width, height FROM annotations WHERE id = ? AND image_id = ?').get(id, imageId) as
    | { mask: Buffer; width: number; height: number }
    | undefined;
  if (!row) return null;
  return { mask: inflateLabelMap(row.mask, row.width, row.height, `annotation ${id} of image ${imageId}`), width: row.width, height: row.height, ref };
}

/** SQL for the current label reference of image `i.id`, NULL when it has none. */
export const LABEL_REF_SQL = `coalesce(
  (SELECT 'annotation:' || a.id FROM annotations a WHERE a.image_id = i.id AND a.status IN ('submitted', 'accepted') ORDER BY a.version DESC LIMIT 1),
  (SELECT 'ground_truth' FROM ground_truth g WHERE g.image_id = i.id))`;
