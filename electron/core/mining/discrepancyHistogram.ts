import type { Db } from '../store/openProjectDb.js';
import { poolMiouReader } from '../store/candidateSets.js';

/** Histogram of stored d (1 − mIoU) per pair on [0, 1], over the pool images measured so far. */
export function discrepancyHistograms(db: Db, targetId: number, competitorIds: number[], bins: number) {
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins);
  const miou = poolMiouReader(db);
  return competitorIds.map((competitorId) => {
    const counts = new Array<number>(bins).fill(0);
    let images = 0;
    for (const d of miou({ targetId, competitorId })) {
      counts[Math.min(bins - 1, Math.max(0, Math.floor(d * bins)))]!++;
      images++;
    }
    return { targetId, competitorId, images, edges, counts };
  });
}
