import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { CandidateSetSummary } from '../../../shared/contract/methods/miningMethods.js';
import { CandidateReason, type Candidate, type CandidateSet } from '../../../shared/mining/candidateSet.js';
import { BoundsSource, type DistanceKind } from '../../../shared/mining/miningParams.js';
import type { Db } from './openProjectDb.js';
import type { StoredLabelMap } from './labelMapBlob.js';
import { parseRoundParams } from './rounds.js';

/** Strategy of the sets that check a failure slice on fresh pool images; never a round's rating set. */
export const SLICE_STRATEGY = 'slice';

/**
 * candidates.reasons: every picked image with the candidate's content, and why it was picked
 * (a slice check stores no reasons, so raters are not told which image is in the slice).
 */
export const CandidateReasons = z.object({ imageIds: z.array(z.number().int()), reasons: z.array(CandidateReason) });
export type CandidateReasons = z.infer<typeof CandidateReasons>;

export const parseCandidateReasons = (raw: string): CandidateReasons => CandidateReasons.parse(JSON.parse(raw));

/**
 * candidate_sets.params: the models a set was mined for, and for a slice check the slice it
 * checks. A mined set also keeps its mining parameters; other keys are kept as written.
 */
export const CandidateSetParams = z
  .object({
    targetId: z.number().int().optional(),
    competitorIds: z.array(z.number().int()).optional(),
    sliceRunId: z.number().int().optional(),
    sliceIndex: z.number().int().optional(),
    boundsSource: BoundsSource.optional(),
  })
  .passthrough();
export type CandidateSetParams = z.infer<typeof CandidateSetParams>;

/** What a set is stored with: the models it was mined for, plus what its strategy adds (mining parameters, say). */
export type CandidateSetWrite = { targetId: number; competitorIds: number[] } & Record<string, unknown>;

type StoredCandidate = Pick<Candidate, 'imageId' | 'rank' | 'imageIds' | 'reasons'>;

/** Writes a set and all its candidates in one transaction: a set is never half-stored. */
function writeCandidateSet(db: Db, roundId: number, strategy: string, candidates: readonly StoredCandidate[], params: CandidateSetWrite): number {
  return db.transaction(() => {
    const setId = Number(
      db
        .prepare('INSERT INTO candidate_sets (round_id, strategy, params, created_at) VALUES (?, ?, ?, ?)')
        .run(roundId, strategy, JSON.stringify(params), new Date().toISOString()).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)');
    for (const c of candidates) {
      const reasons: CandidateReasons = { imageIds: c.imageIds, reasons: c.reasons };
      insert.run(setId, c.imageId, c.rank, JSON.stringify(reasons));
    }
    countCandidateClasses(db, setId);
    return setId;
  })();
}

/**
 * Counts, once, the images of a freshly written set per class of its MAD reasons (what the
 * Mining view shows beside every page); a set is never edited afterwards. Call it in the
 * transaction that wrote the set's candidates.
 */
export function countCandidateClasses(db: Db, setId: number): void {
  db.prepare(
    `INSERT INTO candidate_class_counts (set_id, class_id, images)
     SELECT c.set_id, json_extract(r.value, '$.classId'), count(DISTINCT c.image_id)
     FROM candidates c, json_each(c.reasons, '$.reasons') r
     WHERE c.set_id = ? AND json_extract(r.value, '$.strategy') = 'mad'
     GROUP BY json_extract(r.value, '$.classId')`,
  ).run(setId);
}

/** Stores a mined set with every candidate's reasons. */
export function saveCandidateSet(db: Db, roundId: number, set: Pick<CandidateSet, 'strategy' | 'candidates'>, params: CandidateSetWrite): number {
  return writeCandidateSet(db, roundId, set.strategy, set.candidates, params);
}

/**
 * Stores a slice-check set: the images in the order raters see them, without reasons, so raters
 * are not told which image is in the slice.
 */
export function insertSliceCheckSet(
  db: Db,
  roundId: number,
  params: CandidateSetWrite & { sliceRunId: number; sliceIndex: number; query: string | null },
  imageIds: readonly number[],
): number {
  const candidates = imageIds.map((imageId, k) => ({ imageId, rank: k + 1, imageIds: [imageId], reasons: [] }));
  return writeCandidateSet(db, roundId, SLICE_STRATEGY, candidates, params);
}

export interface CandidateSetRow {
  id: number;
  roundId: number;
  roundIdx: number;
  strategy: string;
  params: CandidateSetParams;
  createdAt: string;
  /** Candidates in the set. */
  size: number;
  /** Whether the set is its round's rating set. */
  sentToRating: boolean;
}

function candidateSetRows(db: Db, where: string, ...args: unknown[]): CandidateSetRow[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.round_id, r.idx, s.strategy, s.params, s.created_at, r.params AS round_params,
              (SELECT count(*) FROM candidates c WHERE c.set_id = s.id) AS size
       FROM candidate_sets s JOIN rounds r ON r.id = s.round_id ${where}`,
    )
    .all(...args) as Array<{ id: number; round_id: number; idx: number; strategy: string; params: string; round_params: string; created_at: string; size: number }>;
  return rows.map((r) => ({
    id: r.id,
    roundId: r.round_id,
    roundIdx: r.idx,
    strategy: r.strategy,
    params: CandidateSetParams.parse(JSON.parse(r.params)),
    createdAt: r.created_at,
    size: r.size,
    sentToRating: parseRoundParams(r.round_params).ratingSetId === r.id,
  }));
}

export function candidateSet(db: Db, setId: number): CandidateSetRow | undefined {
  return candidateSetRows(db, 'WHERE s.id = ?', setId)[0];
}

export function requireCandidateSet(db: Db, setId: number): CandidateSetRow {
  const set = candidateSet(db, setId);
  if (!set) throw new FaultlineError('not_found', `There is no candidate set ${setId}.`);
  return set;
}

/** Sets of one strategy, newest first. */
export function candidateSetsOfStrategy(db: Db, strategy: string): CandidateSetRow[] {
  return candidateSetRows(db, 'WHERE s.strategy = ? ORDER BY s.id DESC', strategy);
}

/** Every candidate set, newest first. */
export function listCandidateSets(db: Db): CandidateSetSummary[] {
  return candidateSetRows(db, 'ORDER BY s.id DESC').map((s) => ({
    id: s.id,
    roundId: s.roundId,
    roundIdx: s.roundIdx,
    strategy: s.strategy,
    size: s.size,
    createdAt: s.createdAt,
    targetId: s.params.targetId ?? null,
    competitorIds: s.params.competitorIds ?? [],
    boundsSource: s.params.boundsSource ?? null,
    sentToRating: s.sentToRating,
  }));
}

/** Candidate sets mined (or checked) for this target, oldest first. */
export function candidateSetIdsOfTarget(db: Db, targetId: number): number[] {
  return db.prepare("SELECT id FROM candidate_sets WHERE json_extract(params, '$.targetId') = ? ORDER BY id").pluck().all(targetId) as number[];
}

/** Size of this round's newest MAD set, if it has one. */
export function latestMadSetSize(db: Db, roundId: number): number | undefined {
  return db
    .prepare(
      "SELECT (SELECT count(*) FROM candidates c WHERE c.set_id = s.id) FROM candidate_sets s WHERE s.round_id = ? AND s.strategy = 'mad' ORDER BY s.id DESC LIMIT 1",
    )
    .pluck()
    .get(roundId) as number | undefined;
}

export function candidateCount(db: Db, setId: number): number {
  return db.prepare('SELECT count(*) FROM candidates WHERE set_id = ?').pluck().get(setId) as number;
}

export function isCandidate(db: Db, setId: number, imageId: number): boolean {
  return db.prepare('SELECT 1 FROM candidates WHERE set_id = ? AND image_id = ?').get(setId, imageId) !== undefined;
}

/** The set's images in rank order. */
export function candidateImageIds(db: Db, setId: number): number[] {
  return db.prepare('SELECT image_id FROM candidates WHERE set_id = ? ORDER BY rank').pluck().all(setId) as number[];
}

/** Where each of the set's images is stored and what it was called when imported. */
export function candidatePaths(db: Db, setId: number): Map<number, { relPath: string; sourcePath: string | null }> {
  const rows = db.prepare('SELECT c.image_id, i.rel_path, i.source_path FROM candidates c JOIN images i ON i.id = c.image_id WHERE c.set_id = ?').all(setId) as Array<{
    image_id: number;
    rel_path: string;
    source_path: string | null;
  }>;
  return new Map(rows.map((r) => [r.image_id, { relPath: r.rel_path, sourcePath: r.source_path }]));
}

/** The stored reasons of every candidate of the set, streamed. */
export function* candidateReasons(db: Db, setId: number): Generator<CandidateReasons> {
  for (const raw of db.prepare('SELECT reasons FROM candidates WHERE set_id = ?').pluck().iterate(setId) as IterableIterator<string>) {
    yield parseCandidateReasons(raw);
  }
}

/**
 * Images per class over the whole set (an image picked for several classes counts for each),
 * counted by SQLite's JSON functions: every page of a set asks for it, and parsing every reason
 * in JavaScript per call cost more than the page itself.
 */
export function madClassImageCounts(db: Db, setId: number): Array<{ classId: number; images: number }> {
  return db.prepare('SELECT class_id AS classId, images FROM candidate_class_counts WHERE set_id = ? ORDER BY class_id').all(setId) as Array<{ classId: number; images: number }>;
}

/** Reasons an image was picked in any MAD set of a round, prepared once for a loop over images. */
export function madReasonsReader(db: Db): (roundId: number | null, imageId: number) => CandidateReason[] {
  const read = db
    .prepare(
      `SELECT c.reasons FROM candidates c JOIN candidate_sets s ON s.id = c.set_id
       WHERE s.round_id = ? AND s.strategy = 'mad' AND c.image_id = ?`,
    )
    .pluck();
  return (roundId, imageId) => (read.all(roundId, imageId) as string[]).flatMap((raw) => parseCandidateReasons(raw).reasons);
}

export interface CandidateRow {
  imageId: number;
  rank: number;
  relPath: string;
  /** The image's path in the folder it was imported from: the user's own name for it. */
  sourcePath: string | null;
  width: number | null;
  height: number | null;
  imageIds: number[];
  reasons: CandidateReason[];
}

/** The columns of a candidate with its image, for queries that join `candidates c` with `images i`. */
export const CANDIDATE_COLUMNS = 'c.image_id, c.rank, c.reasons, i.rel_path, i.source_path, i.width, i.height';

export interface CandidateColumns {
  image_id: number;
  rank: number;
  reasons: string;
  rel_path: string;
  source_path: string | null;
  width: number | null;
  height: number | null;
}

/**
 * A listed candidate. Its reasons are read without the schema here: the rows only leave the core
 * as the answer of a contract method, whose output schema checks every reason once on the way
 * out, and checking them twice was half the cost of a page (a rating queue lists every reason).
 */
export function candidateRowOf(r: CandidateColumns): CandidateRow {
  const stored = JSON.parse(r.reasons) as CandidateReasons;
  return {
    imageId: r.image_id,
    rank: r.rank,
    relPath: r.rel_path,
    sourcePath: r.source_path,
    width: r.width,
    height: r.height,
    imageIds: stored.imageIds,
    reasons: stored.reasons,
  };
}

/** A page of the set in rank order, with the set's size. */
export function readCandidates(db: Db, setId: number, offset: number, limit: number): { total: number; items: CandidateRow[] } {
  const { size } = requireCandidateSet(db, setId);
  const rows = db
    .prepare(`SELECT ${CANDIDATE_COLUMNS} FROM candidates c JOIN images i ON i.id = c.image_id WHERE c.set_id = ? ORDER BY c.rank LIMIT ? OFFSET ?`)
    .all(setId, limit, offset) as CandidateColumns[];
  return { total: size, items: rows.map(candidateRowOf) };
}

// The pair discrepancies mining ranks by.

export interface ModelPair {
  targetId: number;
  competitorId: number;
}

/** The pair_discrepancies column of each distance kind. */
export const DISTANCE_COLUMN: Record<DistanceKind, string> = { miou: 'miou', pixel_accuracy: 'pixel_accuracy', fw_iou: 'fw_iou' };

/** The pair's stored distance of one kind per image, streamed. */
export function* pairDiscrepancies(db: Db, pair: ModelPair, distance: DistanceKind): Generator<{ imageId: number; d: number }> {
  const rows = db
    .prepare(`SELECT image_id, ${DISTANCE_COLUMN[distance]} AS d FROM pair_discrepancies WHERE target_id = ? AND competitor_id = ?`)
    .iterate(pair.targetId, pair.competitorId) as IterableIterator<{ image_id: number; d: number }>;
  for (const row of rows) yield { imageId: row.image_id, d: row.d };
}

/** Reader of a pair's stored d (1 − mIoU) over the pool images, prepared once for a loop over pairs. */
export function poolMiouReader(db: Db): (pair: ModelPair) => IterableIterator<number> {
  const rows = db
    .prepare(
      `SELECT d.miou FROM pair_discrepancies d JOIN images i ON i.id = d.image_id
       WHERE d.target_id = ? AND d.competitor_id = ? AND i.split = 'pool'`,
    )
    .pluck();
  return (pair) => rows.iterate(pair.targetId, pair.competitorId) as IterableIterator<number>;
}

export interface PendingDiscrepancy {
  imageId: number;
  /** The two stored label maps (deflated, as written, at their stored sizes): the target's and the competitor's. */
  a: StoredLabelMap;
  b: StoredLabelMap;
}

export interface DiscrepancyDistances {
  miou: number;
  pixelAccuracy: number;
  fwIou: number;
}

/**
 * Pool images of a pair that have both predictions but no discrepancy stored under these settings
 * yet, read in batches of `limit` after a given image id, and the writer of their distances;
 * prepared once for the run. Only pool images are measured: mining, its histograms and slices
 * read nothing else. The walk follows the target's maps in image order (one index range), so the
 * work per pair is the target's pool, not every model's predictions.
 */
export function discrepancyStore(db: Db, limit: number, settingsKey: string) {
  const pairMaps = `FROM prediction_maps a
      JOIN prediction_maps b ON b.model_id = @competitorId AND b.image_id = a.image_id
      JOIN images i ON i.id = a.image_id`;
  const missing = `a.model_id = @targetId AND a.image_id > @after AND i.split = 'pool' AND i.status = 'ok'
      AND NOT EXISTS (SELECT 1 FROM pair_discrepancies d
                      WHERE d.target_id = @targetId AND d.competitor_id = @competitorId AND d.image_id = a.image_id
                        AND d.settings = @settingsKey)`;
  const countMissing = db.prepare(`SELECT count(*) ${pairMaps} WHERE ${missing}`).pluck();
  const nextBatch = db.prepare(
    `SELECT a.image_id, a.label_map AS a, b.label_map AS b,
            coalesce(p.map_width, i.width) AS aw, coalesce(p.map_height, i.height) AS ah,
            coalesce(q.map_width, i.width) AS bw, coalesce(q.map_height, i.height) AS bh
     ${pairMaps}
      JOIN predictions p ON p.model_id = a.model_id AND p.image_id = a.image_id
      JOIN predictions q ON q.model_id = b.model_id AND q.image_id = a.image_id
     WHERE ${missing} ORDER BY a.image_id LIMIT @limit`,
  );
  const insert = db.prepare(
    `INSERT OR REPLACE INTO pair_discrepancies (image_id, target_id, competitor_id, miou, pixel_accuracy, fw_iou, settings)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    countMissing: (pair: ModelPair): number => countMissing.get({ targetId: pair.targetId, competitorId: pair.competitorId, after: -1, settingsKey }) as number,
    nextBatch: (pair: ModelPair, after: number): PendingDiscrepancy[] =>
      (
        nextBatch.all({ targetId: pair.targetId, competitorId: pair.competitorId, after, limit, settingsKey }) as Array<{
          image_id: number;
          a: Buffer;
          b: Buffer;
          aw: number;
          ah: number;
          bw: number;
          bh: number;
        }>
      ).map((r) => ({
        imageId: r.image_id,
        a: { blob: r.a, width: r.aw, height: r.ah },
        b: { blob: r.b, width: r.bw, height: r.bh },
      })),
    write: (pair: ModelPair, imageId: number, d: DiscrepancyDistances): void => {
      insert.run(imageId, pair.targetId, pair.competitorId, d.miou, d.pixelAccuracy, d.fwIou, settingsKey);
    },
  };
}
