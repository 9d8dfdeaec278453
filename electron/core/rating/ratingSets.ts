import { z } from 'zod';
import { SLICE_STRATEGY } from '../mining/candidateSetStore.js';
import type { Db } from '../project/openProjectDb.js';
import { currentRoundRatingSet } from './ratingStore.js';

export interface RatingSetInfo {
  setId: number;
  roundId: number;
  roundIdx: number;
  /** 'round': the round's own rating set (S comes from it); 'slice': a slice check on fresh images. */
  kind: 'round' | 'slice';
  label: string;
  strategy: string;
  size: number;
  /** Images of the set this rater has rated; null when no rater was named. */
  ratedByRater: number | null;
  /** Images of the set anyone has rated. */
  ratedByAny: number;
  createdAt: string;
  slice: { runId: number; sliceIndex: number } | null;
}

const SliceSetParams = z.object({ sliceRunId: z.number().int(), sliceIndex: z.number().int() }).partial().passthrough();

interface SetRow {
  id: number;
  round_id: number;
  idx: number;
  strategy: string;
  params: string;
  created_at: string;
  size: number;
}

/** Slices are numbered from 1, as the Slices view shows them. */
function sliceLabel(setId: number, slice: RatingSetInfo['slice']): string {
  return slice ? `Slice check: run ${slice.runId}, slice ${slice.sliceIndex + 1}` : `Slice check: set ${setId}`;
}

function roundLabel(roundIdx: number, strategy: string): string {
  return `Round ${roundIdx} — ${strategy === 'mad' ? 'MAD' : strategy} candidates`;
}

/**
 * The sets open for rating: the newest round's rating set first (the default, and the only one S
 * is confirmed on), then every slice check on fresh images, newest first, each with its size and
 * how many of its images this rater and anyone has rated.
 */
export function listRatingSets(db: Db, rater: string | null): RatingSetInfo[] {
  const select = `SELECT s.id, s.round_id, r.idx, s.strategy, s.params, s.created_at,
                         (SELECT count(*) FROM candidates c WHERE c.set_id = s.id) AS size
                  FROM candidate_sets s JOIN rounds r ON r.id = s.round_id`;
  const current = currentRoundRatingSet(db);
  const roundRow = current ? (db.prepare(`${select} WHERE s.id = ?`).get(current.setId) as SetRow | undefined) : undefined;
  const sliceRows = db.prepare(`${select} WHERE s.strategy = ? ORDER BY s.id DESC`).all(SLICE_STRATEGY) as SetRow[];
  const rows = [...(roundRow ? [roundRow] : []), ...sliceRows.filter((r) => r.id !== roundRow?.id)];
  const person = rater === null ? undefined : (db.prepare('SELECT id FROM people WHERE name = ?').pluck().get(rater) as number | undefined);
  const byRater = db.prepare('SELECT count(*) FROM ratings WHERE set_id = ? AND rater_id = ?').pluck();
  const byAny = db.prepare('SELECT count(DISTINCT image_id) FROM ratings WHERE set_id = ?').pluck();
  return rows.map((r) => {
    // A slice check that an older version made the round's rating set still counts as a slice check.
    const isSlice = r.strategy === SLICE_STRATEGY;
    const params = SliceSetParams.parse(JSON.parse(r.params));
    const slice = isSlice && params.sliceRunId !== undefined && params.sliceIndex !== undefined ? { runId: params.sliceRunId, sliceIndex: params.sliceIndex } : null;
    return {
      setId: r.id,
      roundId: r.round_id,
      roundIdx: r.idx,
      kind: isSlice ? 'slice' : 'round',
      label: isSlice ? sliceLabel(r.id, slice) : roundLabel(r.idx, r.strategy),
      strategy: r.strategy,
      size: r.size,
      ratedByRater: rater === null ? null : person === undefined ? 0 : (byRater.get(r.id, person) as number),
      ratedByAny: byAny.get(r.id) as number,
      createdAt: r.created_at,
      slice,
    };
  });
}
