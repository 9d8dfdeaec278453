import { classFractions } from '../../../shared/mining/classFractions.js';
import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { quantile } from '../../../shared/mining/quantile.js';
import { scoreImages } from '../../../shared/rating/meanOpinionScore.js';
import { isReservedForFresh } from '../../../shared/slices/freshReserve.js';
import type { SliceParams } from '../../../shared/slices/sliceParams.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { referenceMask } from '../store/referenceMasks.js';
import { candidateSetIdsOfTarget } from '../store/candidateSets.js';
import { labelledPopulationIds, poolDiscrepancies, poolPredictionCount } from '../store/sliceRuns.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { projectClassCount } from '../mining/projectClasses.js';
import { resolveMiningModels } from '../mining/resolveMiningModels.js';
import { updateDiscrepancies } from '../mining/updateDiscrepancies.js';
import type { Db } from '../store/openProjectDb.js';
import { setRatings } from '../store/ratings.js';
import { RATED_FAILURE_BELOW } from './sliceReport.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import { miningDiscrepancySettings } from '../../../shared/mining/discrepancy.js';
import { MiningParams } from '../../../shared/mining/miningParams.js';

/**
 * The images a run looks at and which of them failed, decided before any embedding is seen:
 * labelled images fail when the target's image mIoU against the reference mask is below τ;
 * pool images fail when the target and its competitors disagree (mean d over the competitors)
 * above τ. Training images are left out: the target was fitted on them.
 */
export interface Population {
  kind: 'labelled' | 'pool';
  imageIds: number[];
  failed: Uint8Array;
  /** Image mIoU (labelled) or mean discrepancy d (pool). */
  score: Float64Array;
  threshold: number;
  competitorIds: number[];
  /** Per image, area fraction of each class: reference masks for labelled images, the target's prediction for pool images. */
  classAreas: Float32Array[];
  classSource: 'reference' | 'prediction';
  rule: string;
}

/** Fewest labelled images for 'auto' to prefer them: enough for two halves with slices of 25 held-out images. */
const AUTO_LABELLED_MIN = 200;

/** τ as given, else the quantile that makes `share` of the scores fail (low scores fail when `low`). */
function resolveThreshold(given: number | null, scores: Float64Array, share: number, low: boolean): { threshold: number; how: string } {
  if (given !== null) return { threshold: given, how: '' };
  if (scores.length === 0) return { threshold: Number.NaN, how: '' };
  return { threshold: quantile(scores, low ? share : 1 - share), how: ` (the ${low ? 'lowest' : 'highest'} ${Math.round(share * 100)} % of them)` };
}

/** Decoding masks is synchronous; the loop gives the event loop a turn this often. */
const YIELD_EVERY = 25;

async function labelledPopulation(db: Db, targetId: number, ids: number[], given: number | null, share: number, ctx?: JobContext): Promise<Population> {
  const numClasses = projectClassCount(db);
  const prediction = predictionLabelMapReader(db);
  const imageIds: number[] = [];
  const scores: number[] = [];
  const classAreas: Float32Array[] = [];
  for (const [k, id] of ids.entries()) {
    if (k % YIELD_EVERY === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      ctx?.throwIfCancelled();
      ctx?.progress(k, ids.length, 'Scoring the target on labelled images');
    }
    const reference = referenceMask(db, id);
    if (!reference) continue;
    const predicted = inflateLabelMapAt(prediction(id, targetId)!, reference.width, reference.height, `prediction of image ${id}`);
    const confusion = new EvalConfusion(numClasses);
    confusion.add(reference.mask, predicted);
    const miou = scoresFromConfusion(confusion).miou;
    if (miou === null) continue;
    imageIds.push(id);
    scores.push(miou);
    classAreas.push(classFractions(reference.mask, numClasses));
  }
  const score = Float64Array.from(scores);
  const { threshold, how } = resolveThreshold(given, score, share, true);
  return {
    kind: 'labelled',
    imageIds,
    failed: Uint8Array.from(score, (s) => (s < threshold ? 1 : 0)),
    score,
    threshold,
    competitorIds: [],
    classAreas,
    classSource: 'reference',
    rule: `labelled images (test split and labelled pool images) on which the target's image mIoU against the reference mask is below ${threshold.toFixed(3)}${how}`,
  };
}

/**
 * The raters' verdict on the target's prediction, per pool image: the MOS from the newest rating
 * set of this target that scored the image (+∞ for an out-of-domain vote).
 */
function weakLabels(db: Db, targetId: number): Map<number, number> {
  const sets = candidateSetIdsOfTarget(db, targetId);
  const mos = new Map<number, number>();
  for (const setId of sets) for (const o of scoreImages(setRatings(db, setId))) if (o.mos !== null) mos.set(o.imageId, o.mos);
  return mos;
}

async function poolPopulation(db: Db, targetId: number, given: number | null, share: number, reserve: { fraction: number; seed: number }, ctx?: JobContext): Promise<Population> {
  const competitorIds = competitorsOf(db, targetId);
  const numClasses = projectClassCount(db);
  await updateDiscrepancies(
    db,
    competitorIds.map((competitorId) => ({ targetId, competitorId })),
    // Mining's default settings, so slices and a default mining run share one set of stored distances.
    { numClasses, ignoreIndex: UNLABELLED, settings: miningDiscrepancySettings(MiningParams.parse({}), numClasses), ...(ctx ? { ctx } : {}) },
  );
  const all = poolDiscrepancies(db, targetId, competitorIds);
  const rated = weakLabels(db, targetId);
  // Out-of-domain images are no failure of the model: they leave the population.
  const inDomain = all.filter((r) => rated.get(r.imageId) !== Number.POSITIVE_INFINITY);
  const rows = inDomain.filter((r) => !isReservedForFresh(r.imageId, reserve.fraction, reserve.seed));
  const kept = inDomain.length - rows.length;
  const score = Float64Array.from(rows, (r) => r.d);
  const { threshold, how } = resolveThreshold(given, score, share, false);
  const judged = rows.filter((r) => rated.has(r.imageId)).length;
  const outOfDomain = all.length - inDomain.length;
  return {
    kind: 'pool',
    imageIds: rows.map((r) => r.imageId),
    // Where raters scored the target's prediction, their verdict replaces the disagreement proxy.
    failed: Uint8Array.from(rows, (r, i) => {
      const mos = rated.get(r.imageId);
      return (mos === undefined ? score[i]! > threshold : mos < RATED_FAILURE_BELOW) ? 1 : 0;
    }),
    score,
    threshold,
    competitorIds,
    classAreas: rows.map((r) => {
      const stored = r.classFractions ? new Float32Array(r.classFractions.buffer.slice(r.classFractions.byteOffset, r.classFractions.byteOffset + r.classFractions.byteLength)) : new Float32Array(0);
      const out = new Float32Array(numClasses);
      out.set(stored.subarray(0, numClasses));
      return out;
    }),
    classSource: 'prediction',
    rule:
      `pool images on which the target and its competitors disagree by a mean discrepancy d = 1 − mIoU above ${threshold.toFixed(3)}${how}` +
      (judged ? `; the ${judged} images raters scored fail when their mean opinion score of the target's prediction is below ${RATED_FAILURE_BELOW}` : '') +
      (outOfDomain ? `; ${outOfDomain === 1 ? '1 image rated out of domain is' : `${outOfDomain} images rated out of domain are`} left out` : '') +
      (kept ? `; ${kept} pool images are kept aside for fresh checks` : ''),
  };
}

function competitorsOf(db: Db, targetId: number): number[] {
  return resolveMiningModels(db, targetId).competitorIds;
}

/**
 * Which population a run uses, decided from counts alone so a request that cannot work is
 * refused before any job starts: 'auto' takes labelled images when there are at least 200,
 * else the pool when the target has competitors and more pool predictions, else labelled.
 */
export function choosePopulation(db: Db, targetId: number, population: SliceParams['population']): 'labelled' | 'pool' {
  const labelled = population === 'pool' ? 0 : labelledPopulationIds(db, targetId).length;
  const competitors = population === 'labelled' ? 0 : competitorsOf(db, targetId).length;
  const pool = population === 'labelled' ? 0 : poolPredictionCount(db, targetId);
  const kind =
    population === 'auto' ? (labelled < AUTO_LABELLED_MIN && competitors > 0 && pool > labelled ? 'pool' : 'labelled') : population;
  if (kind === 'labelled' && labelled === 0) {
    throw new FaultlineError(
      'invalid_input',
      'There are no labelled images (outside the training split) with a prediction of the target: import a labelled test split and run inference, or look at the pool (it needs a competing model).',
    );
  }
  if (kind === 'pool' && competitors === 0) {
    throw new FaultlineError('invalid_input', 'Failure on pool images is disagreement with competing models, and the target has none: add a competitor, or use labelled images.');
  }
  if (kind === 'pool' && pool === 0) throw new FaultlineError('invalid_input', 'The target has no predictions on pool images yet: run inference first.');
  return kind;
}

export async function loadPopulation(
  db: Db,
  targetId: number,
  params: Pick<SliceParams, 'population' | 'miouBelow' | 'discrepancyAbove' | 'failureShare' | 'freshReserve' | 'seed'>,
  ctx?: JobContext,
): Promise<Population> {
  const kind = choosePopulation(db, targetId, params.population);
  const population =
    kind === 'pool'
      ? await poolPopulation(db, targetId, params.discrepancyAbove, params.failureShare, { fraction: params.freshReserve, seed: params.seed }, ctx)
      : await labelledPopulation(db, targetId, labelledPopulationIds(db, targetId), params.miouBelow, params.failureShare, ctx);
  if (population.imageIds.length === 0) {
    throw new FaultlineError(
      'invalid_input',
      kind === 'labelled' ? 'No labelled image could be scored against its reference mask.' : 'No pool image has predictions of both the target and a competitor yet: run inference first.',
    );
  }
  return population;
}
