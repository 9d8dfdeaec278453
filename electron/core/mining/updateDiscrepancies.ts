import { discrepancySettingsKey, type DiscrepancySettings } from '../../../shared/mining/discrepancy.js';
import type { Worker } from 'node:worker_threads';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { createWorker } from '../../platform/createWorker.js';
import { discrepancyStore, type ModelPair } from '../store/candidateSets.js';
import type { DiscrepancyRequest, DiscrepancyResponse } from './discrepancyProtocol.js';

export interface DiscrepancyUpdate {
  computed: number;
  failed: Array<{ imageId: number; reason: string }>;
}

const BATCH = 64;

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
 * Measures every image of each pair that has both predictions but no discrepancy stored under
 * these settings yet, so a mining run after new inference only pays for the new images (and a
 * change of settings pays once for all). The pixel work runs in a worker;
 * this thread reads and writes the database in batches.
 */
export async function updateDiscrepancies(
  db: Db,
  pairs: readonly ModelPair[],
  options: { numClasses: number; ignoreIndex: number; settings: DiscrepancySettings; ctx?: JobContext },
): Promise<DiscrepancyUpdate> {
  const store = discrepancyStore(db, BATCH, discrepancySettingsKey(options.settings));
  const total = pairs.reduce((sum, pair) => sum + store.countMissing(pair), 0);
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
        const rows = store.nextBatch(pair, after);
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.imageId;
        const response = await run(worker, {
          batch: batch++,
          numClasses: options.numClasses,
          ignoreIndex: options.ignoreIndex,
          settings: options.settings,
          items: rows,
        });
        db.transaction(() => {
          for (const r of response.results) {
            if ('error' in r) result.failed.push({ imageId: r.imageId, reason: r.error });
            else {
              store.write(pair, r.imageId, r);
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
