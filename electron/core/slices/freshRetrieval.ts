import { mulberry32, shuffleInPlace } from '../../../shared/mining/prng.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { applyReduction } from '../../../shared/slices/reduceDimensions.js';
import { distancesTo, regionMembership } from '../../../shared/slices/sliceRegions.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { ensureMiningRound } from '../mining/candidateSetStore.js';
import { loadModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { insertSliceCheckSet } from '../store/candidateSets.js';
import { freshCheckedImageIds, loadRunState, predictedPoolImageIds, saveFresh, type RunState } from '../store/sliceRuns.js';
import { defaultUserDataDir } from '../../platform/userDataDir.js';
import { embedderOfRun } from './embedders.js';
import { loadEmbeddings, updateEmbeddings, type EmbeddingTable } from './embeddingStore.js';
import type { SliceEnvironment } from './runSlices.js';

export interface RetrievalResult {
  inside: number[];
  outside: number[];
  requested: number;
  /** What was searched for by text, or null for retrieval by the slice's region. */
  query: string | null;
}

/** Rows nearest the slice's centroid among those inside its region, and random rows outside it. */
function byRegion(table: EmbeddingTable, state: RunState, sliceIndex: number, count: number, random: () => number): { inside: number[]; outside: number[] } {
  const region = state.regions[sliceIndex]!;
  if (table.dims !== state.reduction.inputDims) throw new FaultlineError('invalid_input', 'The fresh images were embedded with another feature size than the run; run slice discovery again.');
  const points = applyReduction(state.reduction, table.vectors);
  const membership = regionMembership(points, state.reduction.dims, state.regions);
  const distance = distancesTo(points, state.reduction.dims, region);
  const inside = [...membership.keys()].filter((i) => membership[i] === sliceIndex).sort((a, b) => distance[a]! - distance[b]!).slice(0, count);
  if (inside.length === 0) {
    throw new FaultlineError('invalid_input', `None of the ${table.imageIds.length} fresh pool images falls in slice ${sliceIndex + 1}; import more images or generate fresh ones.`);
  }
  const outside = shuffleInPlace([...membership.keys()].filter((i) => membership[i] !== sliceIndex), random).slice(0, inside.length);
  return { inside, outside };
}

/**
 * The rows whose image vectors are most similar to the text's (cosine: both are unit vectors),
 * and random controls among the rows less similar than the median, which clearly do not match.
 */
export function byText(vectors: Float32Array, dims: number, text: Float32Array, count: number, random: () => number): { inside: number[]; outside: number[] } {
  const n = vectors.length / dims;
  const similarity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += vectors[i * dims + d]! * text[d]!;
    similarity[i] = dot;
  }
  const ranked = Array.from({ length: n }, (_, i) => i).sort((a, b) => similarity[b]! - similarity[a]! || a - b);
  const inside = ranked.slice(0, Math.min(count, Math.floor(n / 2)));
  const outside = shuffleInPlace(ranked.slice(Math.ceil(n / 2)), random).slice(0, inside.length);
  return { inside, outside };
}

/**
 * Pool images the run has not seen and no earlier fresh set of this run holds, with a stored
 * prediction of the model (raters judge that prediction).
 */
function freshCandidates(db: Db, runId: number, modelId: number, seen: ReadonlySet<number>): number[] {
  const used = new Set(freshCheckedImageIds(db, runId));
  return predictedPoolImageIds(db, modelId).filter((id) => !seen.has(id) && !used.has(id));
}

/**
 * Confirmation on fresh pool images, by people: the `count` unseen pool images nearest the slice
 * (inside its region) and as many unseen images outside it, in one shuffled candidate set of the
 * current round. The set is rated as a set of its own (raters pick it in the Rating view): the
 * round's rating set and state stay as they are, so the round's counterexamples S still come from
 * its mined set. Raters are not told which is which (the set carries no reasons), so their scores
 * can test the slice without bias; the test runs as ratings come in.
 */
export async function fetchFreshByRetrieval(
  project: { dir: string; db: Db },
  input: { runId: number; sliceIndex: number; count: number; seed: number; query?: string | undefined },
  ctx?: JobContext,
  env: SliceEnvironment = {},
): Promise<{ setId: number; roundId: number; inside: number; outside: number }> {
  const { db } = project;
  const state = loadRunState(db, input.runId);
  if (!state.regions[input.sliceIndex]) throw new FaultlineError('not_found', `Slice ${input.sliceIndex + 1} is not part of run ${input.runId}.`);
  const model = loadModel(db, state.modelId);
  const embedder = await embedderOfRun({ projectDir: project.dir, userDataDir: env.userDataDir ?? defaultUserDataDir(), db: project.db }, model, { runId: input.runId, ...state });
  const query = input.query ?? null;
  if (query !== null && !embedder.embedTexts) {
    throw new FaultlineError(
      'invalid_input',
      `Searching by text needs a run embedded with a CLIP-like image encoder that has a text model (onnx/text_model.onnx and a tokenizer in its folder under models/); run ${input.runId} used ${embedder.label}.`,
    );
  }
  const candidates = freshCandidates(db, input.runId, model.id, new Set(state.imageIds));
  if (candidates.length === 0) throw new FaultlineError('invalid_input', 'Every pool image with a prediction was already used: import more pool images (and run inference) to confirm on fresh ones.');
  ctx?.progress(0, candidates.length, 'Embedding fresh pool images');
  await updateEmbeddings(project, embedder, candidates, ctx);
  ctx?.throwIfCancelled();
  const table = loadEmbeddings(db, embedder.key, candidates);
  const random = mulberry32(input.seed);
  const rows =
    query === null
      ? byRegion(table, state, input.sliceIndex, input.count, random)
      : byText(table.vectors, table.dims, (await embedder.embedTexts!([query]))[0]!, input.count, random);
  if (rows.inside.length === 0) throw new FaultlineError('invalid_input', 'Too few fresh pool images to compare: import more pool images.');
  const inside = rows.inside.map((i) => table.imageIds[i]!);
  const outside = rows.outside.map((i) => table.imageIds[i]!);
  const order = shuffleInPlace([...inside, ...outside], random);
  const { setId, roundId } = db.transaction(() => {
    const round = ensureMiningRound(db, model.id);
    const set = insertSliceCheckSet(db, round, { targetId: model.id, competitorIds: [], sliceRunId: input.runId, sliceIndex: input.sliceIndex, query }, order);
    const result: RetrievalResult = { inside, outside, requested: input.count, query };
    saveFresh(db, input.runId, input.sliceIndex, 'retrieval', set, result);
    return { setId: set, roundId: round };
  })();
  ctx?.progress(1, 1, `Stored ${order.length} fresh images (${inside.length} ${query === null ? 'in the slice' : `matching “${query}”`}, ${outside.length} controls) as slice-check set ${setId}: rate it in the Rating view`);
  return { setId, roundId, inside: inside.length, outside: outside.length };
}
