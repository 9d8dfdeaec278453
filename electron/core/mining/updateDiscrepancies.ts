import type { Worker } from 'node:worker_threads';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../project/openProjectDb.js';
import { createWorker } from '../workers/createWorker.js';
import type { DiscrepancyRequest, DiscrepancyResponse } from './discrepancyProtocol.js';

export interface ModelPair {
  targetId: number;
  competitorId: number;
}

export interface DiscrepancyUpdate {
  computed: number;
  failed: Array<{ imageId: number; reason: string }>;
}

const BATCH = 64;

interface PendingRow {
  image_id: number;
  a: Buffer;
  b: Buffer;
}

function run(worker: Worker, request: DiscrepancyRequest): Promise<DiscrepancyResponse> {
  return new Promise((resolve, reject) => {
    const onMessage = (response: DiscrepancyResponse): void => {
      worker.off('error', reject);
      resolve(response);
    };
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.postMessage(request);
  });
}

/**
 * Measures every image of each pair that has both predictions but no stored discrepancy yet, so
 * a mining run after new inference only pays for the new images. The pixel work runs in a worker;
 * this thread reads and writes the database in batches.
 */
export async function updateDiscrepancies(
  db: Db,
  pairs: readonly ModelPair[],
  options: { numClasses: number; ignoreIndex: number; ctx?: JobContext },
): Promise<DiscrepancyUpdate> {
  const missingWhere = `p.model_id = @targetId AND q.model_id = @competitorId
      AND p.error IS NULL AND q.error IS NULL AND p.label_map IS NOT NULL AND q.label_map IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pair_discrepancies d
                      WHERE d.target_id = @targetId AND d.competitor_id = @competitorId AND d.image_id = p.image_id)`;
  const countMissing = db.prepare(
    `SELECT count(*) FROM predictions p JOIN predictions q ON q.image_id = p.image_id WHERE ${missingWhere}`,
  );
  const nextBatch = db.prepare(
    `SELECT p.image_id, p.label_map AS a, q.label_map AS b
     FROM predictions p JOIN predictions q ON q.image_id = p.image_id
     WHERE ${missingWhere} AND p.image_id > @after ORDER BY p.image_id LIMIT ${BATCH}`,
  );
  const insert = db.prepare(
    `INSERT OR REPLACE INTO pair_discrepancies (image_id, target_id, competitor_id, miou, pixel_accuracy, fw_iou)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const total = pairs.reduce((sum, pair) => sum + (countMissing.pluck().get(pair) as number), 0);
  const result: DiscrepancyUpdate = { computed: 0, failed: [] };
  if (total === 0) return result;

  const worker = createWorker(import.meta.url, 'discrepancyWorker');
  try {
    let done = 0;
    let batch = 0;
    for (const pair of pairs) {
      let after = -1;
      for (;;) {
        options.ctx?.throwIfCancelled();
        const rows = nextBatch.all({ ...pair, after }) as PendingRow[];
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.image_id;
        const response = await run(worker, {
          batch: batch++,
          numClasses: options.numClasses,
          ignoreIndex: options.ignoreIndex,
          items: rows.map((r) => ({ imageId: r.image_id, a: r.a, b: r.b })),
        });
        db.transaction(() => {
          for (const r of response.results) {
            if ('error' in r) result.failed.push({ imageId: r.imageId, reason: r.error });
            else {
              insert.run(r.imageId, pair.targetId, pair.competitorId, r.miou, r.pixelAccuracy, r.fwIou);
              result.computed++;
            }
          }
        })();
        done += rows.length;
        options.ctx?.progress(done, total, 'Measuring discrepancies');
      }
    }
  } finally {
    await worker.terminate();
  }
  return result;
}
