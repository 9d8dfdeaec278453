import { z } from 'zod';
import type { Db } from './openProjectDb.js';
import { labelledSetMembersSql, type LabelledSet } from './labelledSets.js';

export type ProbabilitySource = 'stored' | 'fresh';

/** label_quality_runs.options: how a run was made, kept with it so one image can be rescored the same way. */
export const RunOptions = z.object({
  temperature: z.number(),
  /** `score-map`: the stored probabilities' grid; `full`: every image pixel, on a canvas this size. */
  resolution: z.enum(['score-map', 'full']),
  workingWidth: z.number().int(),
  workingHeight: z.number().int(),
  classes: z.number().int(),
  provider: z.string().nullable(),
});
export type RunOptions = z.infer<typeof RunOptions>;

/** label_quality_runs.skipped */
export const SkippedCounts = z.object({
  unlabelled: z.number().int(),
  noProbabilities: z.number().int(),
  failed: z.number().int(),
  /** Up to a few reasons, for the user to act on. */
  messages: z.array(z.string()),
});
export type SkippedCounts = z.infer<typeof SkippedCounts>;

/** label_quality_runs.thresholds */
const Thresholds = z.array(z.number());

/**
 * The label quality scores an image against, as a reference: `annotation:<id>` for its newest
 * submitted or accepted annotation, else `ground_truth`, NULL when it has none. Unlike the
 * evaluation's reference mask (an accepted annotation, then ground truth, then a submitted one), a
 * correction made in the editor wins here, because finding and fixing wrong masks is what scoring
 * is for; a returned version is not a label. It is NULL exactly when `hasReferenceMaskSql` is false.
 */
const labelRefSql = (alias: string) => `coalesce(
  (SELECT 'annotation:' || a.id FROM annotations a WHERE a.image_id = ${alias}.id AND a.status IN ('submitted', 'accepted') ORDER BY a.version DESC LIMIT 1),
  (SELECT 'ground_truth' FROM ground_truth g WHERE g.image_id = ${alias}.id))`;

export function currentLabelRef(db: Db, imageId: number): string | null {
  return (db.prepare(`SELECT ${labelRefSql('i')} FROM images i WHERE i.id = ?`).pluck().get(imageId) as string | null | undefined) ?? null;
}

/** The deflated mask a label reference names and its size, or null when it is gone. */
export function labelMaskByRef(db: Db, imageId: number, ref: string): { mask: Buffer; width: number; height: number } | null {
  if (ref === 'ground_truth') {
    const truth = db
      .prepare('SELECT g.mask, i.width, i.height FROM ground_truth g JOIN images i ON i.id = g.image_id WHERE g.image_id = ?')
      .get(imageId) as { mask: Buffer; width: number | null; height: number | null } | undefined;
    if (!truth || truth.width === null || truth.height === null) return null;
    return { mask: truth.mask, width: truth.width, height: truth.height };
  }
  const id = Number(ref.slice('annotation:'.length));
  return (
    (db.prepare('SELECT mask, width, height FROM annotations WHERE id = ? AND image_id = ?').get(id, imageId) as
      | { mask: Buffer; width: number; height: number }
      | undefined) ?? null
  );
}

export interface LabelledMember {
  imageId: number;
  relPath: string;
  width: number;
  height: number;
  /** The label scored, fixed when the run starts. */
  labelRef: string;
}

/** The images of a labelled set with a label and a known size, by id, each with its current label reference. */
export function labelledMembers(db: Db, set: LabelledSet): LabelledMember[] {
  const { sql, params } = labelledSetMembersSql(set);
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT i.id, i.rel_path, i.width, i.height, ${labelRefSql('i')} AS label_ref FROM (${sql}) m JOIN images i ON i.id = m.id)
       WHERE label_ref IS NOT NULL AND width IS NOT NULL AND height IS NOT NULL ORDER BY id`,
    )
    .all(...params) as Array<{ id: number; rel_path: string; width: number; height: number; label_ref: string }>;
  return rows.map((r) => ({ imageId: r.id, relPath: r.rel_path, width: r.width, height: r.height, labelRef: r.label_ref }));
}

/** One image's result as stored: the flagged mask is deflated at once, so a run holds no full-size mask in memory. */
export interface QualityImageRow {
  imageId: number;
  score: number;
  labelRef: string;
  issues: number;
  /** zlib-deflated uint8 0/1 at the image's size, null when nothing is flagged. */
  flagged: Buffer | null;
  pairs: ReadonlyArray<{ given: number; predicted: number; pixels: number }>;
}

export interface NewQualityRun {
  modelId: number;
  setName: string;
  testSetId: number | null;
  source: ProbabilitySource;
  options: RunOptions;
  thresholds: number[];
  numIssuesEstimate: number;
  cutoff: number | null;
  skipped: SkippedCounts;
  seconds: number;
}

/** Writes a finished run with all its images in one transaction. */
export function insertQualityRun(db: Db, run: NewQualityRun, rows: readonly QualityImageRow[]): number {
  const insertImage = db.prepare(
    'INSERT INTO label_quality_images (run_id, image_id, score, issues, flagged, label_ref, rescored_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
  );
  const insertPair = db.prepare('INSERT INTO label_quality_pairs (run_id, image_id, given, predicted, pixels) VALUES (?, ?, ?, ?, ?)');
  return db.transaction(() => {
    const runId = Number(
      db
        .prepare(
          `INSERT INTO label_quality_runs (model_id, set_name, test_set_id, source, options, thresholds, num_issues_estimate, cutoff, images, skipped, seconds, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.modelId,
          run.setName,
          run.testSetId,
          run.source,
          JSON.stringify(run.options),
          JSON.stringify(run.thresholds),
          run.numIssuesEstimate,
          run.cutoff,
          rows.length,
          JSON.stringify(run.skipped),
          run.seconds,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    for (const row of rows) {
      insertImage.run(runId, row.imageId, row.score, row.issues, row.flagged, row.labelRef);
      for (const pair of row.pairs) insertPair.run(runId, row.imageId, pair.given, pair.predicted, pair.pixels);
    }
    return runId;
  })();
}

/** Replaces one image's result in a run after it was scored again. */
export function updateQualityImage(db: Db, runId: number, row: QualityImageRow): void {
  db.transaction(() => {
    db.prepare('UPDATE label_quality_images SET score = ?, issues = ?, flagged = ?, label_ref = ?, rescored_at = ? WHERE run_id = ? AND image_id = ?').run(
      row.score,
      row.issues,
      row.flagged,
      row.labelRef,
      new Date().toISOString(),
      runId,
      row.imageId,
    );
    db.prepare('DELETE FROM label_quality_pairs WHERE run_id = ? AND image_id = ?').run(runId, row.imageId);
    const insertPair = db.prepare('INSERT INTO label_quality_pairs (run_id, image_id, given, predicted, pixels) VALUES (?, ?, ?, ?, ?)');
    for (const pair of row.pairs) insertPair.run(runId, row.imageId, pair.given, pair.predicted, pair.pixels);
  })();
}

/** A finished run as stored, with what the views add to it. */
export interface StoredQualityRun extends NewQualityRun {
  id: number;
  modelName: string;
  modelVersion: string;
  images: number;
  flaggedImages: number;
  createdAt: string;
}

interface RunRow {
  id: number;
  model_id: number;
  name: string;
  version: string;
  set_name: string;
  test_set_id: number | null;
  source: ProbabilitySource;
  options: string;
  thresholds: string;
  num_issues_estimate: number;
  cutoff: number | null;
  images: number;
  flagged_images: number;
  skipped: string;
  seconds: number;
  created_at: string;
}

const RUN_SELECT = `SELECT r.*, m.name, m.version,
  (SELECT count(*) FROM label_quality_images q WHERE q.run_id = r.id AND q.issues > 0) AS flagged_images
  FROM label_quality_runs r JOIN models m ON m.id = r.model_id`;

function toRun(row: RunRow): StoredQualityRun {
  return {
    id: row.id,
    modelId: row.model_id,
    modelName: row.name,
    modelVersion: row.version,
    setName: row.set_name,
    testSetId: row.test_set_id,
    source: row.source,
    options: RunOptions.parse(JSON.parse(row.options)),
    thresholds: Thresholds.parse(JSON.parse(row.thresholds)),
    numIssuesEstimate: row.num_issues_estimate,
    cutoff: row.cutoff,
    images: row.images,
    flaggedImages: row.flagged_images,
    skipped: SkippedCounts.parse(JSON.parse(row.skipped)),
    seconds: row.seconds,
    createdAt: row.created_at,
  };
}

/** Every run, newest first. */
export function listQualityRuns(db: Db): StoredQualityRun[] {
  return (db.prepare(`${RUN_SELECT} ORDER BY r.id DESC`).all() as RunRow[]).map(toRun);
}

export function qualityRunById(db: Db, runId: number): StoredQualityRun | null {
  const row = db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined;
  return row ? toRun(row) : null;
}

/**
 * The runs to bring up to date when an image's label changes: for each set, model and source, the
 * newest run, where it holds the image (older runs stay as they were scored).
 */
export function latestQualityRunsWithImage(db: Db, imageId: number): number[] {
  return db
    .prepare(
      `SELECT r.id FROM label_quality_runs r JOIN label_quality_images q ON q.run_id = r.id AND q.image_id = ?
       WHERE r.id = (SELECT max(x.id) FROM label_quality_runs x WHERE x.set_name = r.set_name AND x.model_id = r.model_id AND x.source = r.source)
       ORDER BY r.id`,
    )
    .pluck()
    .all(imageId) as number[];
}

export interface QualityImageFilter {
  /** Images with flagged pixels labelled as, or predicted as, this class. */
  classId?: number | undefined;
  /** Images with flagged pixels of this given → predicted pair. */
  pair?: { given: number; predicted: number } | undefined;
}

function filterSql(filter: QualityImageFilter): { where: string; matching: string } {
  if (filter.pair) {
    const match = 'p.run_id = q.run_id AND p.image_id = q.image_id AND p.given = @given AND p.predicted = @predicted';
    return { where: `AND EXISTS (SELECT 1 FROM label_quality_pairs p WHERE ${match})`, matching: `(SELECT sum(p.pixels) FROM label_quality_pairs p WHERE ${match})` };
  }
  if (filter.classId !== undefined) {
    const match = 'p.run_id = q.run_id AND p.image_id = q.image_id AND (p.given = @classId OR p.predicted = @classId)';
    return { where: `AND EXISTS (SELECT 1 FROM label_quality_pairs p WHERE ${match})`, matching: `(SELECT sum(p.pixels) FROM label_quality_pairs p WHERE ${match})` };
  }
  return { where: '', matching: 'NULL' };
}

export interface QualityImageEntry {
  imageId: number;
  relPath: string;
  sourcePath: string | null;
  width: number;
  height: number;
  score: number;
  issues: number;
  /** Flagged pixels that match the filter (null without one). */
  matching: number | null;
  /** The label was edited after this score was computed. */
  labelChanged: boolean;
  rescoredAt: string | null;
}

/** A page of a run's images, lowest score (most likely mislabelled) first. */
export function qualityImagePage(db: Db, runId: number, filter: QualityImageFilter, offset: number, limit: number): { total: number; items: QualityImageEntry[] } {
  const { where, matching } = filterSql(filter);
  const params = { runId, classId: filter.classId ?? null, given: filter.pair?.given ?? null, predicted: filter.pair?.predicted ?? null, offset, limit };
  const total = db.prepare(`SELECT count(*) FROM label_quality_images q WHERE q.run_id = @runId ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT q.image_id, i.rel_path, i.source_path, i.width, i.height, q.score, q.issues, q.label_ref, q.rescored_at, ${matching} AS matching,
              ${labelRefSql('i')} AS current_ref
       FROM label_quality_images q JOIN images i ON i.id = q.image_id
       WHERE q.run_id = @runId ${where}
       ORDER BY q.score, q.image_id LIMIT @limit OFFSET @offset`,
    )
    .all(params) as Array<{
    image_id: number;
    rel_path: string;
    source_path: string | null;
    width: number;
    height: number;
    score: number;
    issues: number;
    label_ref: string;
    rescored_at: string | null;
    matching: number | null;
    current_ref: string | null;
  }>;
  return {
    total,
    items: rows.map((r) => ({
      imageId: r.image_id,
      relPath: r.rel_path,
      sourcePath: r.source_path,
      width: r.width,
      height: r.height,
      score: r.score,
      issues: r.issues,
      matching: r.matching,
      labelChanged: r.current_ref !== r.label_ref,
      rescoredAt: r.rescored_at,
    })),
  };
}

export interface StoredImageResult {
  score: number;
  issues: number;
  flagged: Buffer | null;
  labelRef: string;
  width: number;
  height: number;
}

export function qualityImageResult(db: Db, runId: number, imageId: number): StoredImageResult | null {
  const row = db
    .prepare(
      `SELECT q.score, q.issues, q.flagged, q.label_ref, i.width, i.height FROM label_quality_images q JOIN images i ON i.id = q.image_id
       WHERE q.run_id = ? AND q.image_id = ?`,
    )
    .get(runId, imageId) as { score: number; issues: number; flagged: Buffer | null; label_ref: string; width: number; height: number } | undefined;
  return row ? { score: row.score, issues: row.issues, flagged: row.flagged, labelRef: row.label_ref, width: row.width, height: row.height } : null;
}

export interface IssueRow {
  given: number;
  predicted: number;
  pixels: number;
  images: number;
}

/** Given → predicted pairs among a run's flagged pixels, most pixels first (ties by given, then predicted); with a class, only pairs involving it. */
export function issuePairs(db: Db, runId: number, classId: number | undefined, top: number): IssueRow[] {
  const classFilter = classId === undefined ? '' : 'AND (given = @classId OR predicted = @classId)';
  return db
    .prepare(
      `SELECT given, predicted, sum(pixels) AS pixels, count(*) AS images FROM label_quality_pairs
       WHERE run_id = @runId ${classFilter} GROUP BY given, predicted ORDER BY pixels DESC, given, predicted LIMIT @top`,
    )
    .all({ runId, classId: classId ?? null, top }) as IssueRow[];
}
