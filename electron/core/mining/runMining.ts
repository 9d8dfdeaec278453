import { selectBaseline } from '../../../shared/mining/baselines.js';
import type { CandidateSet } from '../../../shared/mining/candidateSet.js';
import type { BoundsSource, MiningParams } from '../../../shared/mining/miningParams.js';
import { selectCandidatesStreamed } from '../../../shared/mining/selectCandidatesStreamed.js';
import { miningDiscrepancySettings } from '../../../shared/mining/discrepancy.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { latestMadSetSize, saveCandidateSet } from '../store/candidateSets.js';
import { madPoolRows } from '../store/poolRanges.js';
import { contentHashesOf, countImages } from '../store/images.js';
import { openMiningRoundId } from '../store/rounds.js';
import { modelIdentities } from '../store/models.js';
import { ensureMiningRound } from './candidateSetStore.js';
import { loadMiningPool } from './loadMiningPool.js';
import { assertConstraintClasses, projectClassCount } from './projectClasses.js';
import { poolAreaStatisticsOf, typicalAreas, type TypicalAreas } from './typicalAreas.js';
import { updateDiscrepancies } from './updateDiscrepancies.js';

export interface MiningRequest {
  targetId: number;
  competitorIds: number[];
  params: MiningParams;
}

export interface MiningOutcome {
  setId: number;
  roundId: number;
  strategy: MiningParams['strategy'];
  size: number;
  poolImages: number;
  s0Masks: number;
  /** Where MAD's content bounds came from; null for a baseline, which has none. */
  boundsSource: BoundsSource | null;
  discrepanciesComputed: number;
}

export interface MiningPlan extends MiningRequest {
  /** The baseline's budget, fixed when the run is planned; null for MAD. */
  budget: number | null;
}

function assertModels(db: Db, ids: number[]): void {
  const known = new Set(modelIdentities(db).map((m) => m.id));
  for (const id of ids) {
    if (!known.has(id)) throw new FaultlineError('not_found', `There is no model ${id}. List models with \`faultline models list\`.`);
  }
}

/** The budget of a baseline: what the user gave, else the size of this round's latest MAD set. */
function baselineBudget(db: Db, targetId: number, params: MiningParams): number {
  if (params.budget !== undefined) return params.budget;
  const roundId = openMiningRoundId(db, targetId);
  const size = roundId === undefined ? undefined : latestMadSetSize(db, roundId);
  if (size === undefined) {
    throw new FaultlineError('invalid_input', `The ${params.strategy} baseline needs a budget: run MAD first in this round, or give one.`);
  }
  if (size === 0) {
    throw new FaultlineError('invalid_input', `The ${params.strategy} baseline takes its budget from this round's MAD set, which is empty; give a budget.`);
  }
  return size;
}

/**
 * Checks, before any work, everything a mining run needs (its models, a competitor for MAD, pool
 * images, bounds only for classes the project has, a baseline's budget); reads only, so a refusal
 * leaves the project as it was.
 */
export function planMining(db: Db, request: MiningRequest): MiningPlan {
  const { targetId, params } = request;
  const competitorIds = [...new Set(request.competitorIds)].filter((id) => id !== targetId);
  assertModels(db, [targetId, ...competitorIds]);
  if (params.strategy === 'mad' && competitorIds.length === 0) {
    throw new FaultlineError('invalid_input', 'MAD needs at least one competing model besides the target.');
  }
  if (countImages(db, { split: 'pool' }) === 0) {
    throw new FaultlineError('invalid_input', 'The project has no pool images to mine; import some first.');
  }
  if (params.strategy === 'mad') assertConstraintClasses(params.constraint, projectClassCount(db));
  return { targetId, competitorIds, params, budget: params.strategy === 'mad' ? null : baselineBudget(db, targetId, params) };
}

/** One mining run, planned and then executed (see planMining and executeMining). */
export async function runMining(db: Db, request: MiningRequest, ctx?: JobContext): Promise<MiningOutcome> {
  return executeMining(db, planMining(db, request), ctx);
}

/**
 * Executes a planned run: bring the pair discrepancies up to date, build the content bounds (from
 * S0, or from the pool while there is none; see typicalAreas), select with MAD or a baseline, and
 * store the set in the open round.
 */
export async function executeMining(db: Db, plan: MiningPlan, ctx?: JobContext): Promise<MiningOutcome> {
  const { targetId, competitorIds, params } = plan;
  const numClasses = projectClassCount(db);
  const pairs = competitorIds.map((competitorId) => ({ targetId, competitorId }));
  const update =
    params.strategy === 'mad'
      ? await updateDiscrepancies(db, pairs, { numClasses, ignoreIndex: params.ignoreIndex, settings: miningDiscrepancySettings(params, numClasses), ...(ctx ? { ctx } : {}) })
      : { computed: 0, failed: [] };
  ctx?.throwIfCancelled();
  ctx?.progress(0, null, 'Selecting candidates');

  const poolImages = countImages(db, { split: 'pool', status: 'ok' });
  if (poolImages === 0) throw new FaultlineError('invalid_input', 'The project has no pool images to mine; import some first.');
  const roundId = ensureMiningRound(db, targetId);
  let typical: TypicalAreas | null = null;
  let set: CandidateSet;
  if (params.strategy === 'mad') {
    typical = typicalAreas(db, {
      constraint: params.constraint,
      numClasses,
      ignoreIndex: params.ignoreIndex,
      poolAreas: () => poolAreaStatisticsOf(db, targetId, numClasses),
    });
    // Streamed from the store in one pass for every pair: memory holds the kept images, never the pool.
    const source = { targetModelId: targetId, competitorModelIds: competitorIds, rows: () => madPoolRows(db, targetId, competitorIds, params.distance) };
    set = selectCandidatesStreamed(source, (ids) => contentHashesOf(db, ids), { numClasses, bounds: typical.bounds, n3: params.n3, backgroundClassId: params.backgroundClassId });
  } else {
    const pool = loadMiningPool(db, { targetId, pairs, numClasses, distance: params.distance });
    set = selectBaseline(pool, { strategy: params.strategy, budget: plan.budget ?? 0, seed: params.seed });
  }
  const boundsSource = typical?.source ?? null;
  const setId = saveCandidateSet(db, roundId, set, { params, targetId, competitorIds, ...(boundsSource ? { boundsSource } : {}) });
  return {
    setId,
    roundId,
    strategy: params.strategy,
    size: set.candidates.length,
    poolImages,
    s0Masks: typical?.s0Masks ?? 0,
    boundsSource,
    discrepanciesComputed: update.computed,
  };
}
