import { z } from 'zod';
import { scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { globalRanking } from '../../../shared/ranking/globalRanking.js';
import { stabilityOver } from '../../../shared/ranking/rankingStability.js';
import { projectClassCount } from '../mining/projectClasses.js';
import type { Db } from '../project/openProjectDb.js';
import { perImageConfusions, sumConfusions } from './perImageConfusions.js';
import { listTestSets, type TestSetRow } from '../store/testSets.js';

/** Seconds to densely label one image when the project has no measured labelling time yet (published study). */
export const DEFAULT_DENSE_SECONDS = 135;

const PairReasons = z.object({
  reasons: z.array(z.object({ strategy: z.string(), targetModelId: z.number().optional(), competitorModelId: z.number().optional() })),
});

const mIoU = (cm: Parameters<typeof scoresFromConfusion>[0]) => scoresFromConfusion(cm).miou ?? 0;

/** The pairs (target, competitor) each unbiased test image was mined for, from its round's MAD sets. */
function minedPairs(db: Db, set: TestSetRow, imageId: number): Array<[number, number]> {
  const rows = db
    .prepare(
      `SELECT c.reasons FROM candidates c JOIN candidate_sets s ON s.id = c.set_id
       WHERE s.round_id = ? AND s.strategy = 'mad' AND c.image_id = ?`,
    )
    .pluck()
    .all(set.roundId, imageId) as string[];
  const pairs = new Map<string, [number, number]>();
  for (const raw of rows) {
    for (const r of PairReasons.parse(JSON.parse(raw)).reasons) {
      if (r.targetModelId !== undefined && r.competitorModelId !== undefined) pairs.set(`${r.targetModelId}:${r.competitorModelId}`, [r.targetModelId, r.competitorModelId]);
    }
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
  const imagesOf = (set: TestSetRow) => db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ? ORDER BY image_id').pluck().all(set.id) as number[];
  const ordered = unbiased.flatMap((set) => imagesOf(set).map((imageId) => ({ set, imageId })));
  const { images, confusions } = perImageConfusions(db, ordered.map((o) => o.imageId), modelIds, numClasses);
  const setOf = new Map(ordered.map((o) => [o.imageId, o.set]));
  const index = new Map(modelIds.map((id, i) => [id, i]));

  const P: Array<Array<number | null>> = modelIds.map(() => modelIds.map(() => null));
  const pairPositions = new Map<string, number[]>();
  images.forEach((imageId, position) => {
    for (const [a, b] of minedPairs(db, setOf.get(imageId)!, imageId)) {
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
    const t0Images = imagesOf(t0);
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
  const measured = db.prepare("SELECT avg(time_ms) FROM annotations WHERE status IN ('submitted', 'accepted') AND time_ms > 0").pluck().get() as number | null;
  const denseSeconds = measured ? measured / 1000 : DEFAULT_DENSE_SECONDS;
  const rounds = db.prepare('SELECT id, idx, state, params FROM rounds ORDER BY idx').all() as Array<{ id: number; idx: number; state: string; params: string }>;
  return {
    denseSecondsPerImage: denseSeconds,
    denseSecondsMeasured: measured !== null,
    rounds: rounds.map((r) => {
      const ratingSetId = (JSON.parse(r.params) as { ratingSetId?: number }).ratingSetId ?? null;
      const m = ratingSetId === null ? 0 : (db.prepare('SELECT count(*) FROM candidates WHERE set_id = ?').pluck().get(ratingSetId) as number);
      const ratingMs = ratingSetId === null ? 0 : ((db.prepare('SELECT coalesce(sum(time_ms), 0) FROM ratings WHERE set_id = ?').pluck().get(ratingSetId) as number));
      const sizeOf = (kind: string) =>
        (db
          .prepare('SELECT count(*) FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.round_id = ? AND t.kind = ?')
          .pluck()
          .get(r.id, kind) as number);
      const labellingMs = db
        .prepare(
          `SELECT coalesce(sum(a.time_ms), 0) FROM annotations a JOIN test_set_images x ON x.image_id = a.image_id
           JOIN test_sets t ON t.id = x.test_set_id WHERE t.round_id = ?`,
        )
        .pluck()
        .get(r.id) as number;
      const spentSeconds = (ratingMs + labellingMs) / 1000;
      return {
        roundId: r.id,
        idx: r.idx,
        state: r.state,
        m,
        s: sizeOf('counterexamples'),
        t: sizeOf('unbiased'),
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
  const models = (
    db.prepare('SELECT id, name, version, is_target, parent_id, created_at FROM models ORDER BY id').all() as Array<{
      id: number;
      name: string;
      version: string;
      is_target: number;
      parent_id: number | null;
      created_at: string;
    }>
  ).map((m) => ({ id: m.id, name: m.name, version: m.version, isTarget: m.is_target === 1, parentId: m.parent_id }));
  const results = (
    db.prepare('SELECT model_id, test_set_id, miou, per_class, created_at FROM evaluations').all() as Array<{
      model_id: number;
      test_set_id: number;
      miou: number;
      per_class: string;
      created_at: string;
    }>
  ).map((r) => {
    const detail = JSON.parse(r.per_class) as { perClass: Array<number | null>; images: number };
    return { modelId: r.model_id, testSetId: r.test_set_id, miou: r.miou, perClass: detail.perClass, images: detail.images, evaluatedAt: r.created_at };
  });
  const hasClasses = db.prepare('SELECT count(*) FROM classes').pluck().get() as number;
  const extra = hasClasses ? rankingAndStability(db, models.map((m) => m.id), sets, projectClassCount(db)) : { ranking: null, stability: [], unbiasedImages: 0 };
  return {
    sets: sets.map((s) => ({ id: s.id, name: s.name, kind: s.kind as 'user' | 'unbiased', roundIdx: s.roundIdx, images: s.images })),
    models,
    results,
    ...extra,
    costs: costs(db),
  };
}
