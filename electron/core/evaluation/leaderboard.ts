import { scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { globalRanking } from '../../../shared/ranking/globalRanking.js';
import { stabilityOver } from '../../../shared/ranking/rankingStability.js';
import { projectClassCount } from '../mining/projectClasses.js';
import type { Db } from '../store/openProjectDb.js';
import { candidateCount, madReasonsReader } from '../store/candidateSets.js';
import { maxClassId } from '../store/classes.js';
import { meanAnnotationMs, roundLabellingMs } from '../store/annotations.js';
import { listEvaluations } from '../store/evaluations.js';
import { modelIdentities } from '../store/models.js';
import { ratingTimeMs } from '../store/ratings.js';
import { listRounds } from '../store/rounds.js';
import { listTestSets, roundTestSetSize, testSetImageIds, type TestSetRow } from '../store/testSets.js';
import { perImageConfusions, sumConfusions } from './perImageConfusions.js';

/** Seconds to densely label one image when the project has no measured labelling time yet (published study). */
export const DEFAULT_DENSE_SECONDS = 135;

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
 * Global ranking (spec §7): P[a][b] is model a's mIoU on the unbiased test images mined for the
 * pair (a, b). Pairs never mined against each other fall back to T0 (the same images for both),
 * and pairs with neither are filled by the ranking's own rule (geometric mean through
 * intermediate models, else 1). Stability: the ranking by mIoU on the first k unbiased test
 * images, k = 20…40 (or the range the images allow), against the largest k, by SRCC.
 */
function rankingAndStability(db: Db, modelIds: number[], sets: TestSetRow[], numClasses: number) {
  const unbiased = sets.filter((s) => s.kind === 'unbiased');
  const t0 = sets.find((s) => s.kind === 'user');
  const ordered = unbiased.flatMap((set) => testSetImageIds(db, set.id).map((imageId) => ({ set, imageId })));
  const { images, confusions } = perImageConfusions(db, ordered.map((o) => o.imageId), modelIds, numClasses);
  const setOf = new Map(ordered.map((o) => [o.imageId, o.set]));
  const index = new Map(modelIds.map((id, i) => [id, i]));

  const P: Array<Array<number | null>> = modelIds.map(() => modelIds.map(() => null));
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
    const [a, b] = key.split(':').map(Number) as [number, number];
    const ia = index.get(a)!;
    const ib = index.get(b)!;
    P[ia]![ib] = mIoU(sumConfusions(confusions[ia]!, positions, numClasses));
    P[ib]![ia] = mIoU(sumConfusions(confusions[ib]!, positions, numClasses));
  }
  if (t0) {
    const t0Images = testSetImageIds(db, t0.id);
    const base = perImageConfusions(db, t0Images, modelIds, numClasses);
    const all = base.images.map((_, i) => i);
    const t0Scores = modelIds.map((_, m) => mIoU(sumConfusions(base.confusions[m]!, all, numClasses)));
    for (let a = 0; a < modelIds.length; a++) {
      for (let b = 0; b < modelIds.length; b++) if (a !== b && P[a]![b] === null && base.images.length) P[a]![b] = t0Scores[a]!;
    }
  }
  const ranking = modelIds.length > 0 ? globalRanking(P) : null;

  const n = images.length;
  const from = Math.min(20, Math.max(1, Math.floor(n / 2)));
  const to = Math.min(40, n);
  const stability =
    n >= 2 && modelIds.length >= 2
      ? stabilityOver(
          (k) => modelIds.map((_, m) => mIoU(sumConfusions(confusions[m]!, Array.from({ length: k }, (_, i) => i), numClasses))),
          { from, to },
        ).map((p) => ({ k: p.k, srcc: Number.isFinite(p.srcc) ? p.srcc : null }))
      : [];
  return {
    ranking: ranking
      ? { scores: modelIds.map((id, i) => ({ modelId: id, score: ranking.vector[i]! })), order: ranking.order.map((i) => modelIds[i]!), converged: ranking.converged }
      : null,
    stability,
    unbiasedImages: n,
  };
}

/** Human time per round and what densely labelling every candidate would have cost instead. */
function costs(db: Db) {
  const measured = meanAnnotationMs(db);
  const denseSeconds = measured ? measured / 1000 : DEFAULT_DENSE_SECONDS;
  return {
    denseSecondsPerImage: denseSeconds,
    denseSecondsMeasured: measured !== null,
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
        denseAllSeconds: m * denseSeconds,
        savedSeconds: Math.max(0, m * denseSeconds - spentSeconds),
      };
    }),
  };
}

export function leaderboard(db: Db) {
  const sets = listTestSets(db).filter((s) => s.kind !== 'counterexamples');
  const models = modelIdentities(db);
  const results = listEvaluations(db);
  const extra = maxClassId(db) !== null ? rankingAndStability(db, models.map((m) => m.id), sets, projectClassCount(db)) : { ranking: null, stability: [], unbiasedImages: 0 };
  return {
    sets: sets.map((s) => ({ id: s.id, name: s.name, kind: s.kind as 'user' | 'unbiased', roundIdx: s.roundIdx, images: s.images })),
    models,
    results,
    ...extra,
    costs: costs(db),
  };
}
