import type { Statement } from 'better-sqlite3';
import { countCandidateClasses } from './candidateSets.js';
import type { Db } from './openProjectDb.js';

/**
 * The rows a merge of project copies reads from the other copy and writes into this one. Rows
 * travel as stored (snake_case columns) because a merge copies them verbatim apart from the ids
 * it maps; each reader works on either copy, so "what this project has" and "what the other copy
 * has" are read the same way.
 */

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A merge asks the same few questions once per record: each statement is prepared once per connection. */
function sql(db: Db, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

export interface PersonRecord {
  id: number;
  uid: string;
  name: string;
  roles: string;
  created_at: string;
}

export function peopleRecords(db: Db): PersonRecord[] {
  return sql(db, 'SELECT id, uid, name, roles, created_at FROM people ORDER BY id').all() as PersonRecord[];
}

/** The same person: the same identity, or else the same name (people.name is unique, case-insensitively). */
export function matchingPersonId(db: Db, person: Pick<PersonRecord, 'uid' | 'name'>): number | null {
  const byUid = sql(db, 'SELECT id FROM people WHERE uid = ?').pluck().get(person.uid) as number | undefined;
  if (byUid !== undefined) return byUid;
  return (sql(db, 'SELECT id FROM people WHERE name = ?').pluck().get(person.name) as number | undefined) ?? null;
}

export function insertPersonRecord(db: Db, person: PersonRecord): number {
  return Number(
    sql(db, 'INSERT INTO people (uid, name, roles, created_at) VALUES (?, ?, ?, ?)').run(person.uid, person.name, person.roles, person.created_at)
      .lastInsertRowid,
  );
}

export interface ImageRecord {
  id: number;
  content_hash: string;
  rel_path: string;
  source_path: string | null;
  width: number | null;
  height: number | null;
  split: string;
  thumbnail: Buffer | null;
  imported_at: string;
  /** Its imported ground truth, if any (read with the image: an open iteration holds the connection). */
  truth_mask: Buffer | null;
  truth_source: string | null;
  truth_created_at: string | null;
}

/** Imported images (a failed import has no file to bring), one at a time: thumbnails and masks add up. */
export function* importedImageRecords(db: Db): Generator<ImageRecord> {
  yield* sql(db, `SELECT i.id, i.content_hash, i.rel_path, i.source_path, i.width, i.height, i.split, t.thumbnail, i.imported_at,
         g.mask AS truth_mask, g.source AS truth_source, g.created_at AS truth_created_at
       FROM images i LEFT JOIN image_thumbnails t ON t.image_id = i.id LEFT JOIN ground_truth g ON g.image_id = i.id
       WHERE i.status = 'ok' ORDER BY i.id`).iterate() as Generator<ImageRecord>;
}

export function imageIdByHash(db: Db, hash: string): number | null {
  return (sql(db, 'SELECT id FROM images WHERE content_hash = ?').pluck().get(hash) as number | undefined) ?? null;
}

/** Adds an image with its ground truth, under the path its file was placed at. */
export function insertImageRecord(db: Db, image: ImageRecord, relPath: string): number {
  const id = Number(
    sql(db, `INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, 'ok', ?)`).run(image.content_hash, relPath, image.source_path, image.width, image.height, image.split, image.imported_at).lastInsertRowid,
  );
  if (image.thumbnail !== null) sql(db, 'INSERT INTO image_thumbnails (image_id, thumbnail) VALUES (?, ?)').run(id, image.thumbnail);
  if (image.truth_mask !== null) {
    sql(db, 'INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, ?, ?)').run(id, image.truth_mask, image.truth_source, image.truth_created_at);
  }
  return id;
}

export interface ModelRecord {
  id: number;
  name: string;
  version: string;
  parent_id: number | null;
  onnx_path: string;
  onnx_hash: string;
  card: string;
  class_map: string | null;
  data_files: string;
  created_at: string;
}

/** Oldest first, so a fine-tuned model's parent is always met before it. */
export function modelRecords(db: Db): ModelRecord[] {
  return sql(db, 'SELECT id, name, version, parent_id, onnx_path, onnx_hash, card, class_map, data_files, created_at FROM models ORDER BY id')
    .all() as ModelRecord[];
}

export function modelIdByHash(db: Db, onnxHash: string): number | null {
  return (sql(db, 'SELECT id FROM models WHERE onnx_hash = ? ORDER BY id LIMIT 1').pluck().get(onnxHash) as number | undefined) ?? null;
}

export function modelNameTaken(db: Db, name: string, version: string): boolean {
  return sql(db, 'SELECT 1 FROM models WHERE name = ? AND version = ?').get(name, version) !== undefined;
}

/** A merged model is a competitor: which model is the target stays this project's choice. */
export function insertModelRecord(db: Db, model: ModelRecord): number {
  return Number(
    sql(db, `INSERT INTO models (name, version, parent_id, onnx_path, onnx_hash, card, class_map, data_files, is_target, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`).run(model.name, model.version, model.parent_id, model.onnx_path, model.onnx_hash, model.card, model.class_map, model.data_files, model.created_at)
      .lastInsertRowid,
  );
}

export interface RoundRecord {
  id: number;
  uid: string;
  idx: number;
  state: string;
  target_model_id: number | null;
  params: string;
  created_at: string;
}

export function roundRecords(db: Db): RoundRecord[] {
  return sql(db, 'SELECT id, uid, idx, state, target_model_id, params, created_at FROM rounds ORDER BY idx').all() as RoundRecord[];
}

export function roundIdByUid(db: Db, uid: string): number | null {
  return (sql(db, 'SELECT id FROM rounds WHERE uid = ?').pluck().get(uid) as number | undefined) ?? null;
}

/** Keeps the round's number where it is free, else numbers it after the last round. */
export function insertRoundRecord(db: Db, round: RoundRecord): number {
  const taken = sql(db, 'SELECT 1 FROM rounds WHERE idx = ?').get(round.idx) !== undefined;
  const idx = taken ? (sql(db, 'SELECT coalesce(max(idx), 0) + 1 FROM rounds').pluck().get() as number) : round.idx;
  return Number(
    sql(db, 'INSERT INTO rounds (uid, idx, state, target_model_id, params, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(round.uid, idx, round.state, round.target_model_id, round.params, round.created_at).lastInsertRowid,
  );
}

export function setRoundParamsRecord(db: Db, roundId: number, params: string): void {
  sql(db, 'UPDATE rounds SET params = ? WHERE id = ?').run(params, roundId);
}

export interface CandidateSetRecord {
  id: number;
  uid: string;
  round_id: number;
  strategy: string;
  params: string;
  created_at: string;
}

export interface CandidateRecord {
  image_id: number;
  rank: number;
  reasons: string;
}

export function candidateSetRecords(db: Db): CandidateSetRecord[] {
  return sql(db, 'SELECT id, uid, round_id, strategy, params, created_at FROM candidate_sets ORDER BY id').all() as CandidateSetRecord[];
}

export function candidateRecords(db: Db, setId: number): CandidateRecord[] {
  return sql(db, 'SELECT image_id, rank, reasons FROM candidates WHERE set_id = ? ORDER BY rank, image_id').all(setId) as CandidateRecord[];
}

export function candidateSetIdByUid(db: Db, uid: string): number | null {
  return (sql(db, 'SELECT id FROM candidate_sets WHERE uid = ?').pluck().get(uid) as number | undefined) ?? null;
}

export function insertCandidateSetRecord(db: Db, set: CandidateSetRecord, candidates: readonly CandidateRecord[]): number {
  const setId = Number(
    sql(db, 'INSERT INTO candidate_sets (uid, round_id, strategy, params, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(set.uid, set.round_id, set.strategy, set.params, set.created_at).lastInsertRowid,
  );
  const insert = sql(db, 'INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)');
  for (const c of candidates) insert.run(setId, c.image_id, c.rank, c.reasons);
  countCandidateClasses(db, setId);
  return setId;
}

export interface RatingRecord {
  id: number;
  uid: string;
  set_id: number;
  image_id: number;
  rater_id: number;
  score: number | null;
  out_of_domain: number;
  time_ms: number;
  created_at: string;
}

const RATING_COLUMNS = 'id, uid, set_id, image_id, rater_id, score, out_of_domain, time_ms, created_at';

export function* ratingRecords(db: Db): Generator<RatingRecord> {
  yield* sql(db, `SELECT ${RATING_COLUMNS} FROM ratings ORDER BY id`).iterate() as Generator<RatingRecord>;
}

/** The same rating: the same identity, or else the same rater on the same candidate (one rating each). */
export function matchingRating(db: Db, rating: Pick<RatingRecord, 'uid' | 'set_id' | 'image_id' | 'rater_id'>): RatingRecord | null {
  const byUid = sql(db, `SELECT ${RATING_COLUMNS} FROM ratings WHERE uid = ?`).get(rating.uid) as RatingRecord | undefined;
  if (byUid) return byUid;
  const byKey = sql(db, `SELECT ${RATING_COLUMNS} FROM ratings WHERE set_id = ? AND image_id = ? AND rater_id = ?`).get(rating.set_id, rating.image_id, rating.rater_id) as
    | RatingRecord
    | undefined;
  return byKey ?? null;
}

export function insertRatingRecord(db: Db, rating: RatingRecord): void {
  sql(
    db,
    'INSERT INTO ratings (uid, set_id, image_id, rater_id, score, out_of_domain, time_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(rating.uid, rating.set_id, rating.image_id, rating.rater_id, rating.score, rating.out_of_domain, rating.time_ms, rating.created_at);
}

/** Replaces what a rating says (its identity stays), as rating again does. */
export function updateRatingRecord(db: Db, id: number, rating: RatingRecord): void {
  sql(db, 'UPDATE ratings SET score = ?, out_of_domain = ?, time_ms = ?, created_at = ? WHERE id = ?').run(
    rating.score,
    rating.out_of_domain,
    rating.time_ms,
    rating.created_at,
    id,
  );
}

/** An annotation row without its mask, which is read only where a merge writes it. */
export interface AnnotationMeta {
  id: number;
  uid: string;
  image_id: number;
  author_id: number;
  version: number;
  status: string;
  source: string;
  width: number;
  height: number;
  time_ms: number;
  created_at: string;
}

export type AnnotationRecord = AnnotationMeta & { mask: Buffer };

/** Images that have any annotation row (drafts included). */
export function annotatedImageIds(db: Db): number[] {
  return sql(db, 'SELECT DISTINCT image_id FROM annotations ORDER BY image_id').pluck().all() as number[];
}

/** Every version and draft of one image, version order, without masks. */
export function annotationsOfImage(db: Db, imageId: number): AnnotationMeta[] {
  return sql(db, 'SELECT id, uid, image_id, author_id, version, status, source, width, height, time_ms, created_at FROM annotations WHERE image_id = ? ORDER BY version, id').all(
    imageId,
  ) as AnnotationMeta[];
}

export function annotationMaskRecord(db: Db, id: number): Buffer {
  return sql(db, 'SELECT mask FROM annotations WHERE id = ?').pluck().get(id) as Buffer;
}

export function insertAnnotationRecord(db: Db, annotation: AnnotationRecord): number {
  return Number(
    sql(db, `INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, time_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        annotation.uid,
        annotation.image_id,
        annotation.author_id,
        annotation.version,
        annotation.status,
        annotation.source,
        annotation.mask,
        annotation.width,
        annotation.height,
        annotation.time_ms,
        annotation.created_at,
      ).lastInsertRowid,
  );
}

/** Rewrites a row's content and place (a draft replaced by a newer one, or a draft the other copy submitted). */
export function replaceAnnotationRecord(db: Db, id: number, annotation: Omit<AnnotationRecord, 'id' | 'uid' | 'image_id' | 'author_id'>): void {
  sql(
    db,
    'UPDATE annotations SET version = ?, status = ?, source = ?, mask = ?, width = ?, height = ?, time_ms = ?, created_at = ? WHERE id = ?',
  ).run(annotation.version, annotation.status, annotation.source, annotation.mask, annotation.width, annotation.height, annotation.time_ms, annotation.created_at, id);
}

export function setAnnotationStatusRecord(db: Db, id: number, status: string): void {
  sql(db, 'UPDATE annotations SET status = ? WHERE id = ?').run(status, id);
}

export function annotationIdByUid(db: Db, uid: string): number | null {
  return (sql(db, 'SELECT id FROM annotations WHERE uid = ?').pluck().get(uid) as number | undefined) ?? null;
}

export interface ReviewRecordRow {
  uid: string;
  annotation_uid: string;
  reviewer_id: number;
  decision: string;
  marks: string;
  created_at: string;
}

export function* reviewRecords(db: Db): Generator<ReviewRecordRow> {
  yield* sql(db, 'SELECT r.uid, a.uid AS annotation_uid, r.reviewer_id, r.decision, r.marks, r.created_at FROM reviews r JOIN annotations a ON a.id = r.annotation_id ORDER BY r.id')
    .iterate() as Generator<ReviewRecordRow>;
}

export function reviewExists(db: Db, uid: string): boolean {
  return sql(db, 'SELECT 1 FROM reviews WHERE uid = ?').get(uid) !== undefined;
}

/** When the annotation was last reviewed here, or null. */
export function latestReviewAt(db: Db, annotationId: number): string | null {
  return sql(db, 'SELECT max(created_at) FROM reviews WHERE annotation_id = ?').pluck().get(annotationId) as string | null;
}

export function insertReviewRecord(db: Db, annotationId: number, review: ReviewRecordRow): void {
  sql(db, 'INSERT INTO reviews (uid, annotation_id, reviewer_id, decision, marks, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    review.uid,
    annotationId,
    review.reviewer_id,
    review.decision,
    review.marks,
    review.created_at,
  );
}
