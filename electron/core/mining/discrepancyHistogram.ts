import type { Db } from '../project/openProjectDb.js';

/** Histogram of stored d (1 − mIoU) per pair on [0, 1], over the pool images measured so far. */
export function discrepancyHistograms(db: Db, targetId: number, competitorIds: number[], bins: number) {
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins);
  const rows = db.prepare(
    `SELECT d.miou FROM pair_discrepancies d JOIN images i ON i.id = d.image_id
     WHERE d.target_id = ? AND d.competitor_id = ? AND i.split = 'pool'`,
  );
  return competitorIds.map((competitorId) => {
    const counts = new Array<number>(bins).fill(0);
    let images = 0;
    for (const d of rows.pluck().iterate(targetId, competitorId) as IterableIterator<number>) {
      counts[Math.min(bins - 1, Math.max(0, Math.floor(d * bins)))]!++;
      images++;
    }
    return { targetId, competitorId, images, edges, counts };
  });
}
