import { scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { versionRegressions } from '../../../shared/evaluation/versionRegressions.js';
import { measuredRanking } from '../../../shared/ranking/measuredRanking.js';
import { denseLabellingCost } from '../../../shared/rounds/denseLabellingCost.js';
import { stabilityOver } from '../../../shared/ranking/rankingStability.js';
import { projectClassCount } from '../mining/projectClasses.js';
import type { Db } from '../store/openProjectDb.js';
import { candidateCount, madReasonsReader } from '../store/candidateSets.js';
import { maxClassId } from '../store/classes.js';
import { roundLabellingMs, scratchLabellingTimesMs } from '../store/annotations.js';
import { listEvaluations, type StoredEvaluation } from '../store/evaluations.js';
import { modelIdentities } from '../store/models.js';
import { ratingTimeMs } from '../store/ratings.js';
import { listRounds } from '../store/rounds.js';
import { listTestSets, roundTestSetSize, testSetImageIds, type TestSetRow } from '../store/testSets.js';
import { perImageConfusions, predictedByAll, sumConfusions } from './perImageConfusions.js';

const mIoU = (cm: Parameters<typeof scoresFromConfusion>[0]) => scoresFromConfusion(cm).miou ?? 0;

/** The pairs (target, competitor) each unbiased test image was mined for, from its round's MAD sets. */
function minedPairs(madReasons: ReturnType<typeof madReasonsReader>, set: TestSetRow, imageId: number): Array<[number, number]> {
  const pairs = new Map<string, [number, number]>();
  for (const r of madReasons(set.roundId, imageId)) {
    if (r.strategy === 'mad') pairs.set(`${r.targetModelId}:${r.competitorModelId}`, [r.targetModelId, r.competitorModelId]);
  }
  return [...pairs.values()];
}

/**
 * Global ranking (spec §7) of the evaluated models, those with a stored result: a model that was
 * never evaluated (a fresh fine-tuned version) is "not evaluated", never ranked. P[a][b] is model
 * a's mIoU on the unbiased test images mined for the pair (a, b) that both predicted. Pairs never
 * mined against each other fall back to T0 (the images both predicted), pairs with neither are
 * filled by the ranking's own rule, and a model with no measured pair at all stays unranked.
 * Stability: the ranking by mIoU on the first k unbiased test images every ranked model
 * predicted, k = 20…40 (or the range the images allow), against the largest k, by SRCC.
 */
function rankingAndStability(db: Db, modelIds: number[], results: StoredEvaluation[], sets: TestSetRow[], numClasses: number) {
  const evaluated = new Set(results.map((r) => r.modelId));
  const ids = modelIds.filter((id) => evaluated.has(id));
  const unbiased = sets.filter((s) => s.kind === 'unbiased');
  const t0 = sets.find((s) => s.kind === 'user');
  const ordered = unbiased.flatMap((set) => testSetImageIds(db, set.id).map((imageId) => ({ set, imageId })));
  const { images, confusions } = perImageConfusions(db, ordered.map((o) => o.imageId), ids, numClasses);
  const setOf = new Map(ordered.map((o) => [o.imageId, o.set]));
  const index = new Map(ids.map((id, i) => [id, i]));

  const P: Array<Array<number | null>> = ids.map(() => ids.map(() => null));
  const pairPositions = new Map<string, number[]>();
  const madReasons = madReasonsReader(db);
  images.forEach((imageId, position) => {
    for (const [a, b] of minedPairs(madReasons, setOf.get(imageId)!, imageId)) {
      if (!index.has(a) || !index.has(b)) continue;
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      const list = pairPositions.get(key) ?? [];
      list.push(position);
      pairPositions.set(key, list);
    }
  });
  for (const [key, positions] of pairPositions) {
    const [ia, ib] = key.split(':').map((id) => index.get(Number(id))!) as [number, number];
    const both = predictedByAll(confusions, [ia, ib], positions);
    if (both.length === 0) continue;
    P[ia]![ib] = mIoU(sumConfusions(confusions[ia]!, both, numClasses));
    P[ib]![ia] = mIoU(sumConfusions(confusions[ib]!, both, numClasses));
  }
  if (t0) {
    const base = perImageConfusions(db, testSetImageIds(db, t0.id), ids, numClasses);
    const all = base.images.map((_, i) => i);
    for (let a = 0; a < ids.length; a++) {
      for (let b = 0; b < ids.length; b++) {
        if (a === b || P[a]![b] !== null) continue;
        const both = predictedByAll(base.confusions, [a, b], all);
        if (both.length) P[a]![b] = mIoU(sumConfusions(base.confusions[a]!, both, numClasses));
      }
    }
  }
  const ranking = measuredRanking(P);
  const ranked = ranking?.order ?? [];
  const common = predictedByAll(confusions, ranked, images.keys());
  const n = common.length;
  const from = Math.min(20, Math.max(1, Math.floor(n / 2)));
  const to = Math.min(40, n);
  const stability =
    n >= 2 && ranked.length >= 2
      ? stabilityOver((k) => ranked.map((m) => mIoU(sumConfusions(confusions[m]!, common.slice(0, k), numClasses))), { from, to }).map((p) => ({
          k: p.k,
          srcc: Number.isFinite(p.srcc) ? p.srcc : null,
        }))
      : [];
  const rankedIds = new Set(ranked.map((i) => ids[i]!));
  return {
    ranking: ranking
      ? { scores: ranked.map((i) => ({ modelId: ids[i]!, score: ranking.scores.get(i)! })), order: ranked.map((i) => ids[i]!), converged: ranking.converged }
      : null,
    unranked: modelIds
      .filter((id) => !rankedIds.has(id))
      .map((modelId) => ({ modelId, reason: evaluated.has(modelId) ? ('no_comparison' as const) : ('not_evaluated' as const) })),
    stability,
    unbiasedImages: n,
  };
}

/** Human time per round and what densely labelling every candidate would have cost instead. */
function costs(db: Db) {
  const dense = denseLabellingCost(scratchLabellingTimesMs(db));
  return {
    dense,
    rounds: listRounds(db).map((r) => {
      const m = r.ratingSetId === null ? 0 : candidateCount(db, r.ratingSetId);
      const ratingMs = r.ratingSetId === null ? 0 : ratingTimeMs(db, r.ratingSetId);
      const labellingMs = roundLabellingMs(db, r.id);
      const spentSeconds = (ratingMs + labellingMs) / 1000;
      return {
        roundId: r.id,
        idx: r.idx,
        state: r.state,
        m,
        s: roundTestSetSize(db, r.id, 'counterexamples'),
        t: roundTestSetSize(db, r.id, 'unbiased'),
        ratingSeconds: ratingMs / 1000,
        labellingSeconds: labellingMs / 1000,
        denseAllSeconds: m * dense.secondsPerImage,
        savedSeconds: Math.max(0, m * dense.secondsPerImage - spentSeconds),
      };
    }),
  };
}

export function leaderboard(db: Db) {
  const sets = listTestSets(db).filter((s) => s.kind !== 'counterexamples');
  const models = modelIdentities(db);
  const results = listEvaluations(db);
  const extra =
    maxClassId(db) !== null
      ? rankingAndStability(db, models.map((m) => m.id), results, sets, projectClassCount(db))
      : { ranking: null, unranked: models.map((m) => ({ modelId: m.id, reason: 'not_evaluated' as const })), stability: [], unbiasedImages: 0 };
  const t0 = sets.find((s) => s.kind === 'user');
  const t0Miou = new Map(results.filter((r) => r.testSetId === t0?.id).map((r) => [r.modelId, r.miou]));
  return {
    sets: sets.map((s) => ({ id: s.id, name: s.name, kind: s.kind as 'user' | 'unbiased', roundIdx: s.roundIdx, images: s.images })),
    models,
    results,
    ...extra,
    regressions: t0 ? versionRegressions(models, t0Miou).map((r) => ({ ...r, testSetId: t0.id })) : [],
    costs: costs(db),
  };
}
