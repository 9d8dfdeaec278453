import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { RoundState } from '../../../shared/contract/methods/roundMethods.js';
import type { Db } from './openProjectDb.js';

/** rounds.params: the set the round's raters work through, once one was sent; other keys are kept as written. */
export const RoundParams = z.object({ ratingSetId: z.number().int().optional() }).passthrough();
export type RoundParams = z.infer<typeof RoundParams>;

export type RoundState = z.infer<typeof RoundState>;

export const parseRoundParams = (raw: string): RoundParams => RoundParams.parse(JSON.parse(raw));

/** The newest round of this target that is still mining or rating. */
export function openMiningRoundId(db: Db, targetId: number): number | undefined {
  return db
    .prepare("SELECT id FROM rounds WHERE state IN ('mining', 'rating') AND target_model_id = ? ORDER BY idx DESC LIMIT 1")
    .pluck()
    .get(targetId) as number | undefined;
}

/** Adds a round after the last one, in the mining state. */
export function insertMiningRound(db: Db, targetId: number): number {
  const next = ((db.prepare('SELECT coalesce(max(idx), 0) FROM rounds').pluck().get() as number) ?? 0) + 1;
  const result = db
    .prepare("INSERT INTO rounds (idx, state, target_model_id, created_at) VALUES (?, 'mining', ?, ?)")
    .run(next, targetId, new Date().toISOString());
  return Number(result.lastInsertRowid);
}

export function roundParams(db: Db, roundId: number): RoundParams {
  const raw = db.prepare('SELECT params FROM rounds WHERE id = ?').pluck().get(roundId) as string | undefined;
  if (raw === undefined) throw new FaultlineError('not_found', `There is no round ${roundId}.`);
  return parseRoundParams(raw);
}

/** Makes a set the round's rating set and moves the round to rating. */
export function setRoundRatingSet(db: Db, roundId: number, ratingSetId: number): void {
  const params: RoundParams = { ...roundParams(db, roundId), ratingSetId };
  db.prepare("UPDATE rounds SET state = 'rating', params = ? WHERE id = ?").run(JSON.stringify(params), roundId);
}

export function roundState(db: Db, roundId: number): RoundState | undefined {
  return db.prepare('SELECT state FROM rounds WHERE id = ?').pluck().get(roundId) as RoundState | undefined;
}

export function updateRoundState(db: Db, roundId: number, state: RoundState): void {
  db.prepare('UPDATE rounds SET state = ? WHERE id = ?').run(state, roundId);
}

/** The newest round's rating set: the one raters work on unless they pick another. */
export function currentRoundRatingSet(db: Db): { setId: number; roundId: number; roundIdx: number } | null {
  const rows = db.prepare("SELECT id, idx, params FROM rounds WHERE state <> 'mining' ORDER BY idx DESC").all() as Array<{ id: number; idx: number; params: string }>;
  for (const row of rows) {
    const id = parseRoundParams(row.params).ratingSetId;
    if (id !== undefined) return { setId: id, roundId: row.id, roundIdx: row.idx };
  }
  return null;
}

export interface RoundRow {
  id: number;
  idx: number;
  state: RoundState;
  ratingSetId: number | null;
}

export function listRounds(db: Db): RoundRow[] {
  const rows = db.prepare('SELECT id, idx, state, params FROM rounds ORDER BY idx').all() as Array<{ id: number; idx: number; state: RoundState; params: string }>;
  return rows.map((r) => ({ id: r.id, idx: r.idx, state: r.state, ratingSetId: parseRoundParams(r.params).ratingSetId ?? null }));
}
