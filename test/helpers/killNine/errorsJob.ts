import type { Database } from 'better-sqlite3';
import { seedErrorsProject } from '../seedErrorsProject.js';
import type { KillJob } from './killJob.js';

interface RunRow {
  id: number;
  model_id: number;
  set_name: string;
  images: number;
  unlabelled: number;
  unpredicted: number;
  probs_images: number;
  label_rule: string;
  totals: string;
  config: string;
}

const runs = (db: Database) => db.prepare('SELECT * FROM error_runs ORDER BY model_id, set_name').all() as RunRow[];

function runProblems(db: Database, run: RunRow): string[] {
  const what = `error run ${run.id} (model ${run.model_id} on ${run.set_name})`;
  let totals: Record<string, { pixels: number; regions: number }>;
  try {
    totals = JSON.parse(run.totals) as typeof totals;
    JSON.parse(run.config);
  } catch {
    return [`${what}: unreadable totals or config`];
  }
  const stored = db
    .prepare('SELECT category, count(*) AS regions, sum(pixels) AS pixels FROM error_regions WHERE run_id = ? GROUP BY category')
    .all(run.id) as Array<{ category: string; regions: number; pixels: number }>;
  const problems: string[] = [];
  const byCategory = new Map(stored.map((s) => [s.category, s]));
  for (const [category, total] of Object.entries(totals)) {
    const rows = byCategory.get(category) ?? { regions: 0, pixels: 0 };
    if (rows.regions !== total.regions || rows.pixels !== total.pixels) {
      problems.push(`${what}: ${category} totals ${total.regions} regions / ${total.pixels} px, rows ${rows.regions} / ${rows.pixels}`);
    }
  }
  for (const category of byCategory.keys()) if (!(category in totals)) problems.push(`${what}: regions of ${category}, absent from its totals`);
  return problems;
}

/**
 * `faultline errors` on the errors seed (two models, S0 and T0 of 12 images): each (model, set)
 * run replaces the previous one in its own transaction, so a kill can land between them.
 */
export const errorsJob: KillJob = {
  name: 'errors',
  about: 'errors: the errors seed, 2 models × (S0 of 8, T0 of 12 images)',
  async seed(dir) {
    await seedErrorsProject(dir, 12);
  },
  args: (dir) => ['errors', dir, '--json'],
  progress: (db) => errorsJob.committed(db),
  committed: (db) => db.prepare('SELECT count(*) FROM error_runs').pluck().get() as number,
  halfWritten: (db) => runs(db).flatMap((run) => runProblems(db, run)),
  finalState: (db) => ({
    runs: runs(db).map((r) => [
      r.model_id,
      r.set_name,
      r.images,
      r.unlabelled,
      r.unpredicted,
      r.probs_images,
      r.label_rule,
      r.totals,
      r.config,
      db
        .prepare('SELECT image_id, side, region_index, category, class_id, other_class_id, area, pixels, x, y, w, h FROM error_regions WHERE run_id = ? ORDER BY image_id, side, region_index')
        .raw()
        .all(r.id),
    ]),
    testSets: db.prepare('SELECT t.name, t.kind, count(s.image_id) AS images FROM test_sets t LEFT JOIN test_set_images s ON s.test_set_id = t.id GROUP BY t.id ORDER BY t.name').all(),
  }),
};
