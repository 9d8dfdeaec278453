import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { AcrScore, Rating } from '../../../shared/rating/meanOpinionScore.js';
import type { Db } from '../project/openProjectDb.js';
import { upsertPerson } from '../services/peopleService.js';

const RoundParams = z.object({ ratingSetId: z.number().int().optional() }).passthrough();

/** The newest round's rating set: the one raters work on unless they pick another. */
export function currentRoundRatingSet(db: Db): { setId: number; roundId: number; roundIdx: number } | null {
  const rows = db.prepare("SELECT id, idx, params FROM rounds WHERE state <> 'mining' ORDER BY idx DESC").all() as Array<{ id: number; idx: number; params: string }>;
  for (const row of rows) {
    const id = RoundParams.parse(JSON.parse(row.params)).ratingSetId;
    if (id !== undefined) return { setId: id, roundId: row.id, roundIdx: row.idx };
  }
  return null;
}

/** The candidate set raters work on: the one given (a slice check, say), else the newest round's rating set. */
export function ratingSetId(db: Db, setId?: number): number {
  if (setId !== undefined) {
    if (!db.prepare('SELECT 1 FROM candidate_sets WHERE id = ?').get(setId)) throw new FaultlineError('not_found', `There is no candidate set ${setId}.`);
    return setId;
  }
  const current = currentRoundRatingSet(db);
  if (current) return current.setId;
  throw new FaultlineError('not_found', 'No candidate set has been sent to rating yet: mine the pool and send a set from the Mining view.');
}

export function raterId(db: Db, name: string): number {
  return upsertPerson(db, name, ['rater']).id;
}

export interface RateInput {
  setId: number;
  imageId: number;
  rater: string;
  score: AcrScore | null;
  outOfDomain: boolean;
  timeMs: number;
}

/** One rating per (set, image, rater): rating again replaces it and adds the time spent. */
export function rate(db: Db, input: RateInput): void {
  if (!db.prepare('SELECT 1 FROM candidates WHERE set_id = ? AND image_id = ?').get(input.setId, input.imageId)) {
    throw new FaultlineError('not_found', `Image ${input.imageId} is not in candidate set ${input.setId}.`);
  }
  if ((input.score === null) !== input.outOfDomain) {
    throw new FaultlineError('invalid_input', 'A rating is either a score from 1 to 5 or "out of domain".');
  }
  db.transaction(() => {
    const rater = raterId(db, input.rater);
    db.prepare(
      `INSERT INTO ratings (uid, set_id, image_id, rater_id, score, out_of_domain, time_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (set_id, image_id, rater_id) DO UPDATE SET
         score = excluded.score, out_of_domain = excluded.out_of_domain,
         time_ms = ratings.time_ms + excluded.time_ms, created_at = excluded.created_at`,
    ).run(randomUUID(), input.setId, input.imageId, rater, input.score, input.outOfDomain ? 1 : 0, Math.max(0, Math.round(input.timeMs)), new Date().toISOString());
  })();
}

/** Removes the rater's most recent rating in the set and says which image it was. */
export function undoLastRating(db: Db, setId: number, rater: string): number | null {
  const person = db.prepare('SELECT id FROM people WHERE name = ?').pluck().get(rater) as number | undefined;
  if (person === undefined) return null;
  const last = db
    .prepare('SELECT id, image_id FROM ratings WHERE set_id = ? AND rater_id = ? ORDER BY created_at DESC, id DESC LIMIT 1')
    .get(setId, person) as { id: number; image_id: number } | undefined;
  if (!last) return null;
  db.prepare('DELETE FROM ratings WHERE id = ?').run(last.id);
  return last.image_id;
}

export function setRatings(db: Db, setId: number): Rating[] {
  const rows = db
    .prepare('SELECT image_id, rater_id, score, out_of_domain FROM ratings WHERE set_id = ? ORDER BY created_at, id')
    .all(setId) as Array<{ image_id: number; rater_id: number; score: number | null; out_of_domain: number }>;
  return rows.map((r) => ({ imageId: r.image_id, raterId: r.rater_id, score: r.score as AcrScore | null, outOfDomain: r.out_of_domain === 1 }));
}

export function raterProgress(db: Db, setId: number) {
  const total = db.prepare('SELECT count(*) FROM candidates WHERE set_id = ?').pluck().get(setId) as number;
  const raters = db
    .prepare(
      `SELECT p.name, count(*) AS rated, sum(r.time_ms) AS time_ms FROM ratings r JOIN people p ON p.id = r.rater_id
       WHERE r.set_id = ? GROUP BY p.id ORDER BY p.name`,
    )
    .all(setId) as Array<{ name: string; rated: number; time_ms: number }>;
  return { total, raters: raters.map((r) => ({ name: r.name, rated: r.rated, timeMs: r.time_ms })) };
}

export interface QueueItem {
  imageId: number;
  rank: number;
  relPath: string;
  width: number | null;
  height: number | null;
  why: TopReason | null;
  reasonCount: number;
  myScore: AcrScore | null;
  myOutOfDomain: boolean;
}

/** The set in rank order with this rater's own ratings, so they resume where they left off. */
export function ratingQueue(db: Db, setId: number, rater: string | null): QueueItem[] {
  const person = rater ? ((db.prepare('SELECT id FROM people WHERE name = ?').pluck().get(rater) as number | undefined) ?? -1) : -1;
  const rows = db
    .prepare(
      `SELECT c.image_id, c.rank, c.reasons, i.rel_path, i.width, i.height, r.score, r.out_of_domain
       FROM candidates c JOIN images i ON i.id = c.image_id
       LEFT JOIN ratings r ON r.set_id = c.set_id AND r.image_id = c.image_id AND r.rater_id = ?
       WHERE c.set_id = ? ORDER BY c.rank`,
    )
    .all(person, setId) as Array<{
    image_id: number;
    rank: number;
    reasons: string;
    rel_path: string;
    width: number | null;
    height: number | null;
    score: number | null;
    out_of_domain: number | null;
  }>;
  return rows.map((r) => ({
    imageId: r.image_id,
    rank: r.rank,
    relPath: r.rel_path,
    width: r.width,
    height: r.height,
    ...topReason(r.reasons),
    myScore: r.score as AcrScore | null,
    myOutOfDomain: r.out_of_domain === 1,
  }));
}

export interface TopReason {
  strategy: string;
  classId: number | null;
  defenderModelId: number | null;
  competitorModelId: number | null;
  value: number;
}

const StoredReasons = z.object({
  reasons: z.array(
    z.object({
      strategy: z.string(),
      classId: z.number().optional(),
      d: z.number().optional(),
      defenderModelId: z.number().optional(),
      competitorModelId: z.number().optional(),
      score: z.number().optional(),
    }),
  ),
});

/** The strongest reason an image is in the queue (largest d, or the baseline's score), for the rater to read. */
function topReason(raw: string): { why: TopReason | null; reasonCount: number } {
  const { reasons } = StoredReasons.parse(JSON.parse(raw));
  const value = (r: (typeof reasons)[number]) => r.d ?? r.score ?? 0;
  const best = [...reasons].sort((a, b) => value(b) - value(a))[0];
  return {
    reasonCount: reasons.length,
    why: best
      ? {
          strategy: best.strategy,
          classId: best.classId ?? null,
          defenderModelId: best.defenderModelId ?? null,
          competitorModelId: best.competitorModelId ?? null,
          value: value(best),
        }
      : null,
  };
}
