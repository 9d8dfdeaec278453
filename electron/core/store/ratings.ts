import { randomUUID } from 'node:crypto';
import type { AcrScore, Rating } from '../../../shared/rating/meanOpinionScore.js';
import type { Db } from './openProjectDb.js';
import { CANDIDATE_COLUMNS, candidateRowOf, type CandidateColumns, type CandidateRow } from './candidateSets.js';

export interface RatingWrite {
  setId: number;
  imageId: number;
  raterId: number;
  score: AcrScore | null;
  outOfDomain: boolean;
  timeMs: number;
}

/** One rating per (set, image, rater): rating again replaces it and adds the time spent. */
export function upsertRating(db: Db, rating: RatingWrite): void {
  db.prepare(
    `INSERT INTO ratings (uid, set_id, image_id, rater_id, score, out_of_domain, time_ms, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (set_id, image_id, rater_id) DO UPDATE SET
       score = excluded.score, out_of_domain = excluded.out_of_domain,
       time_ms = ratings.time_ms + excluded.time_ms, created_at = excluded.created_at`,
  ).run(
    randomUUID(),
    rating.setId,
    rating.imageId,
    rating.raterId,
    rating.score,
    rating.outOfDomain ? 1 : 0,
    Math.max(0, Math.round(rating.timeMs)),
    new Date().toISOString(),
  );
}

/** Removes the rater's most recent rating in the set and says which image it was. */
export function deleteLastRating(db: Db, setId: number, rater: string): number | null {
  const last = db
    .prepare(
      `SELECT r.id, r.image_id FROM ratings r JOIN people p ON p.id = r.rater_id
       WHERE r.set_id = ? AND p.name = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 1`,
    )
    .get(setId, rater) as { id: number; image_id: number } | undefined;
  if (!last) return null;
  db.prepare('DELETE FROM ratings WHERE id = ?').run(last.id);
  return last.image_id;
}

/** Every rating of the set, oldest first. */
export function setRatings(db: Db, setId: number): Rating[] {
  const rows = db
    .prepare('SELECT image_id, rater_id, score, out_of_domain FROM ratings WHERE set_id = ? ORDER BY created_at, id')
    .all(setId) as Array<{ image_id: number; rater_id: number; score: number | null; out_of_domain: number }>;
  return rows.map((r) => ({ imageId: r.image_id, raterId: r.rater_id, score: r.score as AcrScore | null, outOfDomain: r.out_of_domain === 1 }));
}

/** Per rater of the set, by name: images rated and time spent. */
export function raterTotals(db: Db, setId: number): Array<{ name: string; rated: number; timeMs: number }> {
  const rows = db
    .prepare(
      `SELECT p.name, count(*) AS rated, sum(r.time_ms) AS time_ms FROM ratings r JOIN people p ON p.id = r.rater_id
       WHERE r.set_id = ? GROUP BY p.id ORDER BY p.name`,
    )
    .all(setId) as Array<{ name: string; rated: number; time_ms: number }>;
  return rows.map((r) => ({ name: r.name, rated: r.rated, timeMs: r.time_ms }));
}

/** Counters of rated images per set, prepared once for a loop over sets. */
export function ratedImageCounters(db: Db): { byRater(setId: number, rater: string): number; byAny(setId: number): number } {
  const byRater = db.prepare('SELECT count(*) FROM ratings r JOIN people p ON p.id = r.rater_id WHERE r.set_id = ? AND p.name = ?').pluck();
  const byAny = db.prepare('SELECT count(DISTINCT image_id) FROM ratings WHERE set_id = ?').pluck();
  return { byRater: (setId, rater) => byRater.get(setId, rater) as number, byAny: (setId) => byAny.get(setId) as number };
}

/** Images of the set that any rater voted out of domain. */
export function outOfDomainImageIds(db: Db, setId: number): number[] {
  return db.prepare('SELECT DISTINCT image_id FROM ratings WHERE set_id = ? AND out_of_domain = 1').pluck().all(setId) as number[];
}

/** Time all raters spent on the set. */
export function ratingTimeMs(db: Db, setId: number): number {
  return db.prepare('SELECT coalesce(sum(time_ms), 0) FROM ratings WHERE set_id = ?').pluck().get(setId) as number;
}

export interface RatingQueueRow extends CandidateRow {
  myScore: AcrScore | null;
  myOutOfDomain: boolean;
}

/** The set in rank order with one rater's own ratings (none when `rater` is null). */
export function ratingQueueRows(db: Db, setId: number, rater: string | null): RatingQueueRow[] {
  const rows = db
    .prepare(
      `SELECT ${CANDIDATE_COLUMNS}, r.score, r.out_of_domain
       FROM candidates c JOIN images i ON i.id = c.image_id
       LEFT JOIN ratings r ON r.set_id = c.set_id AND r.image_id = c.image_id AND r.rater_id = (SELECT id FROM people WHERE name = ?)
       WHERE c.set_id = ? ORDER BY c.rank`,
    )
    .all(rater || null, setId) as Array<CandidateColumns & { score: number | null; out_of_domain: number | null }>;
  return rows.map((r) => ({ ...candidateRowOf(r), myScore: r.score as AcrScore | null, myOutOfDomain: r.out_of_domain === 1 }));
}
