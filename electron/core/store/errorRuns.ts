import { z } from 'zod';
import { ErrorHierarchy } from '../../../shared/errors/classHierarchy.js';
import type { ErrorCategory } from '../../../shared/errors/errorCategories.js';
import type { ErrorRegion, LabelErrorRuleState } from '../../../shared/errors/classifyErrors.js';
import { emptyTotals, type CategoryTotals } from '../../../shared/errors/errorMix.js';
import { ErrorSettingsPatch } from '../../../shared/errors/errorSettings.js';
import type { ErrorRegionView } from '../../../shared/contract/methods/errorMethods.js';
import type { Db } from './openProjectDb.js';
import { TRAINING_SET, type LabelledSetKind } from './labelledSets.js';
import { deleteMetaValue, metaValue, setMetaValue } from './projectStats.js';

/** meta keys: the user's hierarchy (whole) and the settings they changed (a patch over the defaults). */
const HIERARCHY_KEY = 'errors.hierarchy';
const SETTINGS_KEY = 'errors.settings';

function readMeta(db: Db, key: string): unknown {
  const raw = metaValue(db, key);
  return raw === undefined ? undefined : JSON.parse(raw);
}

function writeMeta(db: Db, key: string, value: unknown): void {
  if (value === null) deleteMetaValue(db, key);
  else setMetaValue(db, key, JSON.stringify(value));
}

/** The hierarchy the user stored, undefined when the default is in force. */
export function storedErrorHierarchy(db: Db): ErrorHierarchy | undefined {
  const stored = readMeta(db, HIERARCHY_KEY);
  return stored === undefined ? undefined : ErrorHierarchy.parse(stored);
}

/** The settings the user changed, undefined when none was. */
export function storedErrorSettings(db: Db): ErrorSettingsPatch | undefined {
  const stored = readMeta(db, SETTINGS_KEY);
  return stored === undefined ? undefined : ErrorSettingsPatch.parse(stored);
}

/** Stores either part in one transaction: undefined leaves it as it is, null puts it back to the default. */
export function writeErrorConfigParts(db: Db, parts: { hierarchy: ErrorHierarchy | null | undefined; settings: ErrorSettingsPatch | null | undefined }): void {
  db.transaction(() => {
    if (parts.hierarchy !== undefined) writeMeta(db, HIERARCHY_KEY, parts.hierarchy);
    if (parts.settings !== undefined) writeMeta(db, SETTINGS_KEY, parts.settings);
  })();
}

/** How rule 1 fared over a run: tested on every image, on some, or never and why. */
export type LabelRuleSummary = LabelErrorRuleState | 'partial';

export interface NewErrorRun {
  modelId: number;
  setName: string;
  testSetId: number | null;
  images: number;
  unlabelled: number;
  unpredicted: number;
  probsImages: number;
  labelRule: LabelRuleSummary;
  totals: CategoryTotals;
  config: unknown;
  regions: ReadonlyArray<{ imageId: number; region: ErrorRegion }>;
}

/** Replaces the (model, set) run in one transaction, so a cancelled or failed job leaves the previous run whole. */
export function replaceErrorRun(db: Db, run: NewErrorRun): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM error_runs WHERE model_id = ? AND set_name = ?').run(run.modelId, run.setName);
    const id = Number(
      db
        .prepare(
          `INSERT INTO error_runs (model_id, set_name, test_set_id, images, unlabelled, unpredicted, probs_images, label_rule, totals, config, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(run.modelId, run.setName, run.testSetId, run.images, run.unlabelled, run.unpredicted, run.probsImages, run.labelRule, JSON.stringify(run.totals), JSON.stringify(run.config), new Date().toISOString())
        .lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO error_regions (run_id, image_id, side, region_index, category, class_id, other_class_id, area, pixels, x, y, w, h)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { imageId, region: r } of run.regions) {
      insert.run(id, imageId, r.side, r.index, r.category, r.classId, r.otherClassId, r.area, r.pixels, r.box.x, r.box.y, r.box.width, r.box.height);
    }
    return id;
  })();
}

interface RunRow {
  id: number;
  model_id: number;
  set_name: string;
  test_set_id: number | null;
  images: number;
  unlabelled: number;
  unpredicted: number;
  probs_images: number;
  label_rule: LabelRuleSummary;
  totals: string;
  created_at: string;
  kind: LabelledSetKind | null;
  round_idx: number | null;
  parent_id: number | null;
}

/** A stored run with the set it ran on (S0 has no test set, so its kind is training) and the model's parent. */
export interface StoredErrorRun extends Omit<NewErrorRun, 'testSetId' | 'config' | 'regions'> {
  id: number;
  setKind: LabelledSetKind;
  roundIdx: number;
  createdAt: string;
  parentModelId: number | null;
}

/** error_runs.totals: pixels and regions per category, as the run counted them. */
const StoredTotals = z.record(z.string(), z.object({ pixels: z.number(), regions: z.number() }));

function toRun(row: RunRow): StoredErrorRun {
  return {
    id: row.id,
    modelId: row.model_id,
    setName: row.set_name,
    setKind: row.kind ?? 'training',
    roundIdx: row.round_idx ?? 0,
    images: row.images,
    unlabelled: row.unlabelled,
    unpredicted: row.unpredicted,
    probsImages: row.probs_images,
    labelRule: row.label_rule,
    // A category added since the run was stored counts zero.
    totals: { ...emptyTotals(), ...StoredTotals.parse(JSON.parse(row.totals)) },
    createdAt: row.created_at,
    parentModelId: row.parent_id,
  };
}

function runRows(db: Db, where = '', ...params: unknown[]): StoredErrorRun[] {
  const rows = db
    .prepare(
      `SELECT e.*, t.kind, r.idx AS round_idx, m.parent_id FROM error_runs e
       JOIN models m ON m.id = e.model_id
       LEFT JOIN test_sets t ON t.id = e.test_set_id LEFT JOIN rounds r ON r.id = t.round_id ${where}
       ORDER BY coalesce(r.idx, 0), e.set_name <> '${TRAINING_SET}', e.set_name, e.model_id`,
    )
    .all(...params) as RunRow[];
  return rows.map(toRun);
}

/** Every stored run in round order, S0 first within a round, then by set name and model. */
export function listErrorRuns(db: Db): StoredErrorRun[] {
  return runRows(db);
}

export function errorRunById(db: Db, runId: number): StoredErrorRun | null {
  return runRows(db, 'WHERE e.id = ?', runId)[0] ?? null;
}

interface RegionRow {
  image_id: number;
  side: 'reference' | 'prediction';
  region_index: number;
  category: ErrorCategory;
  class_id: number;
  other_class_id: number | null;
  area: number;
  pixels: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

const toRegion = (r: RegionRow): ErrorRegionView => ({
  side: r.side,
  category: r.category,
  classId: r.class_id,
  otherClassId: r.other_class_id,
  area: r.area,
  pixels: r.pixels,
  index: r.region_index,
  box: { x: r.x, y: r.y, width: r.w, height: r.h },
});

/** Images of a run holding regions of one category, most pixels of it first, each with those regions. */
export function errorCategoryPage(
  db: Db,
  runId: number,
  category: ErrorCategory,
  offset: number,
  limit: number,
): { total: number; items: Array<{ imageId: number; relPath: string; sourcePath: string | null; width: number; height: number; pixels: number; regions: ErrorRegionView[] }> } {
  const total = db.prepare('SELECT count(DISTINCT image_id) FROM error_regions WHERE run_id = ? AND category = ?').pluck().get(runId, category) as number;
  const pages = db
    .prepare(
      `SELECT e.image_id, sum(e.pixels) AS pixels, i.rel_path, i.source_path, i.width, i.height FROM error_regions e JOIN images i ON i.id = e.image_id
       WHERE e.run_id = ? AND e.category = ? GROUP BY e.image_id ORDER BY pixels DESC, e.image_id LIMIT ? OFFSET ?`,
    )
    .all(runId, category, limit, offset) as Array<{ image_id: number; pixels: number; rel_path: string; source_path: string | null; width: number; height: number }>;
  const regionsOf = db.prepare('SELECT * FROM error_regions WHERE run_id = ? AND image_id = ? AND category = ? ORDER BY side, region_index');
  return {
    total,
    items: pages.map((p) => ({
      imageId: p.image_id,
      relPath: p.rel_path,
      sourcePath: p.source_path,
      width: p.width,
      height: p.height,
      pixels: p.pixels,
      regions: (regionsOf.all(runId, p.image_id, category) as RegionRow[]).map(toRegion),
    })),
  };
}

export function errorRegionsOfImage(db: Db, runId: number, imageId: number): ErrorRegionView[] {
  return (db.prepare('SELECT * FROM error_regions WHERE run_id = ? AND image_id = ? ORDER BY side, region_index').all(runId, imageId) as RegionRow[]).map(toRegion);
}

/**
 * How the ground-truth regions of one run were classified in another: per (before, after)
 * category, how many regions. Regions are matched by image and component, which the same
 * reference numbers alike.
 */
export function regionTransitions(db: Db, runId: number, baseRunId: number): Array<{ before: ErrorCategory; after: ErrorCategory; n: number }> {
  return db
    .prepare(
      `SELECT b.category AS before, a.category AS after, count(*) AS n FROM error_regions b
       JOIN error_regions a ON a.run_id = ? AND a.image_id = b.image_id AND a.side = 'reference' AND a.region_index = b.region_index
         AND a.class_id = b.class_id AND a.area = b.area
       WHERE b.run_id = ? AND b.side = 'reference' GROUP BY b.category, a.category`,
    )
    .all(runId, baseRunId) as Array<{ before: ErrorCategory; after: ErrorCategory; n: number }>;
}
