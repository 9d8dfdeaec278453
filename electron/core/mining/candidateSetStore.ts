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

const StoredReasons = z.object({ imageIds: z.array(z.number().int()), reasons: z.array(CandidateReason) });

/** The round whose mining is open for this target, or a new one. */
export function ensureMiningRound(db: Db, targetId: number): number {
  const open = db
    .prepare("SELECT id FROM rounds WHERE state = 'mining' AND target_model_id = ? ORDER BY idx DESC LIMIT 1")
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
  imageIds: number[];
  reasons: CandidateReason[];
}

export function readCandidates(db: Db, setId: number, offset: number, limit: number): { total: number; items: CandidateRow[] } {
  const exists = db.prepare('SELECT 1 FROM candidate_sets WHERE id = ?').get(setId);
  if (!exists) throw new FaultlineError('not_found', `There is no candidate set ${setId}.`);
  const total = db.prepare('SELECT count(*) FROM candidates WHERE set_id = ?').pluck().get(setId) as number;
  const rows = db
    .prepare('SELECT image_id, rank, reasons FROM candidates WHERE set_id = ? ORDER BY rank LIMIT ? OFFSET ?')
    .all(setId, limit, offset) as Array<{ image_id: number; rank: number; reasons: string }>;
  return {
    total,
    items: rows.map((r) => {
      const stored = StoredReasons.parse(JSON.parse(r.reasons));
      return { imageId: r.image_id, rank: r.rank, imageIds: stored.imageIds, reasons: stored.reasons };
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
}

export function listCandidateSets(db: Db): CandidateSetSummary[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.round_id, r.idx, s.strategy, s.params, s.created_at, (SELECT count(*) FROM candidates c WHERE c.set_id = s.id) AS size
       FROM candidate_sets s JOIN rounds r ON r.id = s.round_id ORDER BY s.id DESC`,
    )
    .all() as Array<{ id: number; round_id: number; idx: number; strategy: string; params: string; created_at: string; size: number }>;
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
    };
  });
}
