import { mulberry32 } from '../../../shared/mining/prng.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { applyReduction } from '../../../shared/slices/reduceDimensions.js';
import { distancesTo, regionMembership } from '../../../shared/slices/sliceRegions.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { ensureMiningRound, sendToRating } from '../mining/candidateSetStore.js';
import { loadModel } from '../models/modelRows.js';
import type { Db } from '../project/openProjectDb.js';
import { loadEmbeddings, updateEmbeddings } from './embeddingStore.js';
import { loadRunState, saveFresh } from './sliceRunStore.js';

export const SLICE_STRATEGY = 'slice';

export interface RetrievalResult {
  inside: number[];
  outside: number[];
  requested: number;
}

/**
 * Pool images the run has not seen and no earlier fresh set of this run holds, with a stored
 * prediction of the model (raters judge that prediction).
 */
function freshCandidates(db: Db, runId: number, modelId: number, seen: ReadonlySet<number>): number[] {
  const used = new Set(
    (
      db
        .prepare(`SELECT c.image_id FROM candidates c JOIN slice_fresh f ON f.set_id = c.set_id WHERE f.run_id = ?`)
        .pluck()
        .all(runId) as number[]
    ),
  );
  const ids = db
    .prepare(
      `SELECT i.id FROM images i JOIN predictions p ON p.image_id = i.id AND p.model_id = ? AND p.error IS NULL AND p.label_map IS NOT NULL
       WHERE i.split = 'pool' AND i.status = 'ok' ORDER BY i.id`,
    )
    .pluck()
    .all(modelId) as number[];
  return ids.filter((id) => !seen.has(id) && !used.has(id));
}

/**
 * Confirmation on fresh pool images, by people: the `count` unseen pool images nearest the slice
 * (inside its region) and as many unseen images outside it, in one shuffled candidate set of the
 * current round, sent to the rating queue. Raters are not told which is which (the set carries
 * no reasons), so their scores can test the slice without bias; the test runs as ratings come in.
 */
export async function fetchFreshByRetrieval(
  project: { dir: string; db: Db },
  input: { runId: number; sliceIndex: number; count: number; seed: number },
  ctx?: JobContext,
): Promise<{ setId: number; roundId: number; inside: number; outside: number }> {
  const { db } = project;
  const state = loadRunState(db, input.runId);
  const region = state.regions[input.sliceIndex];
  if (!region) throw new FaultlineError('not_found', `Slice ${input.sliceIndex} is not part of run ${input.runId}.`);
  const model = loadModel(db, state.modelId);
  const candidates = freshCandidates(db, input.runId, model.id, new Set(state.imageIds));
  if (candidates.length === 0) throw new FaultlineError('invalid_input', 'Every pool image with a prediction was already used: import more pool images (and run inference) to confirm on fresh ones.');
  ctx?.progress(0, candidates.length, 'Embedding fresh pool images');
  await updateEmbeddings(project, model, candidates, ctx);
  ctx?.throwIfCancelled();
  const table = loadEmbeddings(db, model.id, candidates);
  if (table.dims !== state.reduction.inputDims) throw new FaultlineError('invalid_input', 'The fresh images were embedded with another feature size than the run; run slice discovery again.');
  const points = applyReduction(state.reduction, table.vectors);
  const membership = regionMembership(points, state.reduction.dims, state.regions);
  const distance = distancesTo(points, state.reduction.dims, region);
  const insideRows = [...membership.keys()].filter((i) => membership[i] === input.sliceIndex).sort((a, b) => distance[a]! - distance[b]!).slice(0, input.count);
  if (insideRows.length === 0) {
    throw new FaultlineError('invalid_input', `None of the ${table.imageIds.length} fresh pool images falls in slice ${input.sliceIndex}; import more images or generate fresh ones.`);
  }
  const random = mulberry32(input.seed);
  const outsidePool = [...membership.keys()].filter((i) => membership[i] !== input.sliceIndex);
  for (let i = outsidePool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [outsidePool[i], outsidePool[j]] = [outsidePool[j]!, outsidePool[i]!];
  }
  const outsideRows = outsidePool.slice(0, insideRows.length);
  const inside = insideRows.map((i) => table.imageIds[i]!);
  const outside = outsideRows.map((i) => table.imageIds[i]!);
  const order = [...inside, ...outside];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const { setId, roundId } = db.transaction(() => {
    const round = ensureMiningRound(db, model.id);
    const set = Number(
      db
        .prepare('INSERT INTO candidate_sets (round_id, strategy, params, created_at) VALUES (?, ?, ?, ?)')
        .run(round, SLICE_STRATEGY, JSON.stringify({ targetId: model.id, competitorIds: [], sliceRunId: input.runId, sliceIndex: input.sliceIndex }), new Date().toISOString())
        .lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)');
    order.forEach((imageId, k) => insert.run(set, imageId, k + 1, JSON.stringify({ imageIds: [imageId], reasons: [] })));
    const result: RetrievalResult = { inside, outside, requested: input.count };
    saveFresh(db, input.runId, input.sliceIndex, 'retrieval', set, result);
    return { setId: set, roundId: sendToRating(db, set) };
  })();
  ctx?.progress(1, 1, `Sent ${order.length} fresh images (${inside.length} in the slice, ${outside.length} outside) to the rating queue`);
  return { setId, roundId, inside: inside.length, outside: outside.length };
}
