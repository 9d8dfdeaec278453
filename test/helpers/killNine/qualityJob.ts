import type { Database } from 'better-sqlite3';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { seedQualityProject } from '../seedQualityProject.js';
import { sha, type KillJob } from './killJob.js';

interface RunRow {
  id: number;
  model_id: number;
  set_name: string;
  test_set_id: number | null;
  source: string;
  options: string;
  thresholds: string;
  num_issues_estimate: number;
  cutoff: number | null;
  images: number;
  skipped: string;
}

interface ImageRow {
  image_id: number;
  score: number;
  issues: number;
  flagged: Buffer | null;
  label_ref: string;
  width: number;
  height: number;
  pair_pixels: number | null;
}

const runs = (db: Database) => db.prepare('SELECT * FROM label_quality_runs ORDER BY id').all() as RunRow[];

const imagesOf = (db: Database, runId: number) =>
  db
    .prepare(
      `SELECT q.image_id, q.score, q.issues, q.flagged, q.label_ref, i.width, i.height,
        (SELECT sum(p.pixels) FROM label_quality_pairs p WHERE p.run_id = q.run_id AND p.image_id = q.image_id) AS pair_pixels
       FROM label_quality_images q JOIN images i ON i.id = q.image_id WHERE q.run_id = ? ORDER BY q.image_id`,
    )
    .all(runId) as ImageRow[];

function runProblems(db: Database, run: RunRow): string[] {
  const problems: string[] = [];
  const what = `label-quality run ${run.id}`;
  for (const json of [run.options, run.thresholds, run.skipped]) {
    try {
      JSON.parse(json);
    } catch {
      problems.push(`${what}: unreadable JSON ${json.slice(0, 40)}`);
    }
  }
  const images = imagesOf(db, run.id);
  if (images.length !== run.images) problems.push(`${what}: says ${run.images} images, holds ${images.length}`);
  for (const image of images) {
    const at = `${what}, image ${image.image_id}`;
    if ((image.issues === 0) !== (image.flagged === null)) problems.push(`${at}: ${image.issues} issues but flagged mask ${image.flagged ? 'present' : 'absent'}`);
    if ((image.pair_pixels ?? 0) !== image.issues) problems.push(`${at}: ${image.issues} issues, pairs count ${image.pair_pixels}`);
    if (!image.flagged) continue;
    try {
      const mask = inflateLabelMap(image.flagged, image.width, image.height, `${at} flagged mask`);
      const ones = mask.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
      if (ones !== image.issues) problems.push(`${at}: ${ones} flagged pixels for ${image.issues} issues`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/**
 * `faultline quality` on the label-quality seed (stored probabilities): a run is written whole in
 * one transaction when it ends, so after a kill there is the finished run or none.
 */
export const qualityJob: KillJob = {
  name: 'quality',
  about: 'quality --source stored: the label-quality seed (5 S0 images, stored probabilities)',
  async seed(dir) {
    await seedQualityProject(dir, { model: 'stored' });
  },
  args: (dir) => ['quality', dir, '--json'],
  progress: (db) => qualityJob.committed(db),
  committed: (db) => db.prepare('SELECT count(*) FROM label_quality_runs').pluck().get() as number,
  halfWritten: (db) => runs(db).flatMap((run) => runProblems(db, run)),
  // A run stored before the kill and the rerun's are alike: the distinct runs must be the one run.
  finalState(db) {
    const distinct = new Set(
      runs(db).map((r) =>
        JSON.stringify([
          r.model_id,
          r.set_name,
          r.test_set_id,
          r.source,
          r.options,
          r.thresholds,
          r.num_issues_estimate,
          r.cutoff,
          r.images,
          r.skipped,
          imagesOf(db, r.id).map((i) => [i.image_id, i.score, i.issues, sha(i.flagged), i.label_ref, i.pair_pixels]),
          db.prepare('SELECT image_id, given, predicted, pixels FROM label_quality_pairs WHERE run_id = ? ORDER BY image_id, given, predicted').all(r.id),
        ]),
      ),
    );
    return [...distinct];
  },
};
