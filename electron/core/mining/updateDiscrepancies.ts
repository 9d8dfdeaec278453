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

interface InFlight {
  size: number;
  response: Promise<DiscrepancyResponse>;
}

/**
 * Sends requests to the worker, which answers them one at a time in the order it got them, so
 * each answer resolves the oldest request still waiting.
 */
function requester(worker: Worker): (request: DiscrepancyRequest) => Promise<DiscrepancyResponse> {
  const waiting: Array<{ resolve: (response: DiscrepancyResponse) => void; reject: (error: Error) => void }> = [];
  worker.on('message', (response: DiscrepancyResponse) => waiting.shift()?.resolve(response));
  worker.on('error', (error: Error) => {
    for (const w of waiting.splice(0)) w.reject(error);
  });
  return (request) => {
    const response = new Promise<DiscrepancyResponse>((resolve, reject) => waiting.push({ resolve, reject }));
    worker.postMessage(request);
    return response;
  };
}

/**
 * Measures every image of each pair that has both predictions but no discrepancy stored under
 * these settings yet, so a mining run after new inference only pays for the new images (and a
 * change of settings pays once for all). The pixel work runs in a worker;
 * this thread reads and writes the database in batches, one batch ahead of the worker.
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
  const send = requester(worker);
  try {
    let done = 0;
    let batch = 0;
    for (const pair of pairs) {
      let after = -1;
      // One batch is measured in the worker while this thread reads the next and writes the one before.
      let inFlight: InFlight | null = null;
      for (;;) {
        options.ctx?.throwIfCancelled();
        const rows = store.nextBatch(pair, after);
        let next: InFlight | null = null;
        if (rows.length > 0) {
          after = rows[rows.length - 1]!.imageId;
          const response = send({ batch: batch++, numClasses: options.numClasses, ignoreIndex: options.ignoreIndex, settings: options.settings, items: rows });
          // A cancelled run stops before awaiting it; its failure then belongs to nobody.
          response.catch(() => undefined);
          next = { size: rows.length, response };
        }
        if (inFlight) {
          const { results } = await inFlight.response;
          db.transaction(() => {
            for (const r of results) {
              if ('error' in r) result.failed.push({ imageId: r.imageId, reason: r.error });
              else {
                store.write(pair, r.imageId, r);
                result.computed++;
              }
            }
          })();
          done += inFlight.size;
          options.ctx?.progress(done, total, 'Measuring discrepancies');
        }
        if (next === null) break;
        inFlight = next;
      }
    }
  } finally {
    await worker.terminate();
  }
  return result;
}
