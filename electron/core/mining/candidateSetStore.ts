import { z } from 'zod';
import { CandidateReason, type CandidateSet } from '../../../shared/mining/candidateSet.js';
import type { MiningParams } from '../../../shared/mining/miningParams.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

export interface StoredSetParams {
  params: MiningParams;
  targetId: number;
  competitorIds: number[];
}

/** Strategy of the sets that check a failure slice on fresh pool images; never a round's rating set. */
export const SLICE_STRATEGY = 'slice';

const StoredReasons = z.object({ imageIds: z.array(z.number().int()), reasons: z.array(CandidateReason) });

/**
 * The round this target's mining belongs to: its newest round while that is still mining or
 * rating (baselines and re-runs are compared within one round), else a new round.
 */
export function ensureMiningRound(db: Db, targetId: number): number {
  const open = db
    .prepare("SELECT id FROM rounds WHERE state IN ('mining', 'rating') AND target_model_id = ? ORDER BY idx DESC LIMIT 1")
    .pluck()
    .get(targetId) as number | undefined;
  if (open !== undefined) return open;
  const next = ((db.prepare('SELECT coalesce(max(idx), 0) FROM rounds').pluck().get() as number) ?? 0) + 1;
  const result = db
    .prepare("INSERT INTO rounds (idx, state, target_model_id, created_at) VALUES (?, 'mining', ?, ?)")
    .run(next, targetId, new Date().toISOString());
  return Number(result.lastInsertRowid);
}

/** Writes a candidate set and all its reasons in one transaction: a set is never half-stored. */
export function saveCandidateSet(db: Db, roundId: number, set: CandidateSet, params: StoredSetParams): number {
  return db.transaction(() => {
    const setId = Number(
      db
        .prepare('INSERT INTO candidate_sets (round_id, strategy, params, created_at) VALUES (?, ?, ?, ?)')
        .run(roundId, set.strategy, JSON.stringify(params), new Date().toISOString()).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)');
    for (const c of set.candidates) {
      insert.run(setId, c.imageId, c.rank, JSON.stringify({ imageIds: c.imageIds, reasons: c.reasons }));
    }
    return setId;
  })();
}

export interface CandidateRow {
  imageId: number;
  rank: number;
  relPath: string;
  width: number | null;
  height: number | null;
  imageIds: number[];
  reasons: CandidateReason[];
}

/** Images per class over the whole set (an image picked for several classes counts for each). */
export function candidateClassCounts(db: Db, setId: number): Array<{ classId: number; images: number }> {
  const counts = new Map<number, number>();
  for (const raw of db.prepare('SELECT reasons FROM candidates WHERE set_id = ?').pluck().iterate(setId) as IterableIterator<string>) {
    const classes = new Set<number>();
    for (const r of StoredReasons.parse(JSON.parse(raw)).reasons) if (r.strategy === 'mad') classes.add(r.classId);
    for (const k of classes) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([classId, images]) => ({ classId, images }));
}

export function readCandidates(db: Db, setId: number, offset: number, limit: number): { total: number; items: CandidateRow[] } {
  const exists = db.prepare('SELECT 1 FROM candidate_sets WHERE id = ?').get(setId);
  if (!exists) throw new FaultlineError('not_found', `There is no candidate set ${setId}.`);
  const total = db.prepare('SELECT count(*) FROM candidates WHERE set_id = ?').pluck().get(setId) as number;
  const rows = db
    .prepare(
      `SELECT c.image_id, c.rank, c.reasons, i.rel_path, i.width, i.height
       FROM candidates c JOIN images i ON i.id = c.image_id WHERE c.set_id = ? ORDER BY c.rank LIMIT ? OFFSET ?`,
    )
    .all(setId, limit, offset) as Array<{ image_id: number; rank: number; reasons: string; rel_path: string; width: number | null; height: number | null }>;
  return {
    total,
    items: rows.map((r) => {
      const stored = StoredReasons.parse(JSON.parse(r.reasons));
      return {
        imageId: r.image_id,
        rank: r.rank,
        relPath: r.rel_path,
        width: r.width,
        height: r.height,
        imageIds: stored.imageIds,
        reasons: stored.reasons,
      };
    }),
  };
}

export interface CandidateSetSummary {
  id: number;
  roundId: number;
  roundIdx: number;
  strategy: string;
  size: number;
  createdAt: string;
  targetId: number | null;
  competitorIds: number[];
  sentToRating: boolean;
}

const RoundParams = z.object({ ratingSetId: z.number().int().optional() }).passthrough();

function roundParams(db: Db, roundId: number): z.infer<typeof RoundParams> {
  const raw = db.prepare('SELECT params FROM rounds WHERE id = ?').pluck().get(roundId) as string | undefined;
  if (raw === undefined) throw new FaultlineError('not_found', `There is no round ${roundId}.`);
  return RoundParams.parse(JSON.parse(raw));
}

/** The set the round's raters work through (its counterexamples S come from it), if one was sent. */
export function roundRatingSetId(db: Db, roundId: number): number | null {
  return roundParams(db, roundId).ratingSetId ?? null;
}

/**
 * Makes a set the one the round's raters work through, and moves the round to rating. A slice
 * check is refused: it is rated as a set of its own, and S must come from the round's mined set.
 */
export function sendToRating(db: Db, setId: number): number {
  const set = db.prepare('SELECT round_id, strategy FROM candidate_sets WHERE id = ?').get(setId) as { round_id: number; strategy: string } | undefined;
  if (!set) throw new FaultlineError('not_found', `There is no candidate set ${setId}.`);
  if (set.strategy === SLICE_STRATEGY) {
    throw new FaultlineError('invalid_input', `Candidate set ${setId} is a slice check: it is rated as a set of its own (pick it in the Rating view), not as the round's rating set.`);
  }
  const roundId = set.round_id;
  const params = { ...roundParams(db, roundId), ratingSetId: setId };
  db.prepare("UPDATE rounds SET state = 'rating', params = ? WHERE id = ?").run(JSON.stringify(params), roundId);
  return roundId;
}

export function listCandidateSets(db: Db): CandidateSetSummary[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.round_id, r.idx, s.strategy, s.params, s.created_at, r.params AS round_params,
              (SELECT count(*) FROM candidates c WHERE c.set_id = s.id) AS size
       FROM candidate_sets s JOIN rounds r ON r.id = s.round_id ORDER BY s.id DESC`,
    )
    .all() as Array<{ id: number; round_id: number; idx: number; strategy: string; params: string; round_params: string; created_at: string; size: number }>;
  return rows.map((r) => {
    const params = JSON.parse(r.params) as Partial<StoredSetParams>;
    return {
      id: r.id,
      roundId: r.round_id,
      roundIdx: r.idx,
      strategy: r.strategy,
      size: r.size,
      createdAt: r.created_at,
      targetId: params.targetId ?? null,
      competitorIds: params.competitorIds ?? [],
      sentToRating: RoundParams.parse(JSON.parse(r.round_params)).ratingSetId === r.id,
    };
  });
}
