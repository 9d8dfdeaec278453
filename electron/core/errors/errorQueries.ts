import { FaultlineError } from '../../../shared/contract/errors.js';
import { ERROR_CATEGORIES, MODEL_ERROR_CATEGORIES, type ErrorCategory } from '../../../shared/errors/errorCategories.js';
import { emptyTotals, imageMix, type CategoryTotals } from '../../../shared/errors/errorMix.js';
import { maskPayload } from '../annotations/maskCodec.js';
import { deflateLabelMap } from '../project/labelMapBlob.js';
import { referenceMask } from '../store/referenceMasks.js';
import type { Db } from '../project/openProjectDb.js';
import type { LabelRuleSummary } from './classifyModelErrors.js';
import { TRAINING_SET, listLabelledSets, type LabelledSetKind } from '../store/labelledSets.js';
import type { ErrorRegionView } from '../../../shared/contract/methods/errorMethods.js';

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

/** What to tell the user about rule 1 on a run, or null when it was tested everywhere. */
export function labelRuleNote(rule: LabelRuleSummary, probsImages: number, images: number): string | null {
  if (images === 0) return null;
  switch (rule) {
    case 'active':
      return null;
    case 'no_probabilities':
      return 'Rule 1 (suspected label error) could not fire: this model has no stored probabilities for these images (run inference with --store-probs).';
    case 'no_competitors':
      return 'Rule 1 (suspected label error) could not fire: no other model has predictions on these images to agree with.';
    case 'partial':
      return `Rule 1 (suspected label error) was tested on ${probsImages} of ${images} images; the others lack stored probabilities or a competitor's prediction.`;
  }
}

export interface ErrorRunView {
  runId: number;
  modelId: number;
  setName: string;
  setKind: LabelledSetKind;
  roundIdx: number;
  images: number;
  unlabelled: number;
  unpredicted: number;
  probsImages: number;
  labelErrorRule: LabelRuleSummary;
  note: string | null;
  totals: CategoryTotals;
  /** The run of this model's parent version on the same set: what fine-tuning changed. */
  parentRunId: number | null;
  createdAt: string;
}

function runRows(db: Db, where = '', ...params: unknown[]): RunRow[] {
  return db
    .prepare(
      `SELECT e.*, t.kind, r.idx AS round_idx, m.parent_id FROM error_runs e
       JOIN models m ON m.id = e.model_id
       LEFT JOIN test_sets t ON t.id = e.test_set_id LEFT JOIN rounds r ON r.id = t.round_id ${where}
       ORDER BY coalesce(r.idx, 0), e.set_name <> '${TRAINING_SET}', e.set_name, e.model_id`,
    )
    .all(...params) as RunRow[];
}

function toRun(row: RunRow, parentRun: number | null): ErrorRunView {
  const totals = { ...emptyTotals(), ...(JSON.parse(row.totals) as Partial<CategoryTotals>) };
  return {
    runId: row.id,
    modelId: row.model_id,
    setName: row.set_name,
    setKind: row.kind ?? 'training',
    roundIdx: row.round_idx ?? 0,
    images: row.images,
    unlabelled: row.unlabelled,
    unpredicted: row.unpredicted,
    probsImages: row.probs_images,
    labelErrorRule: row.label_rule,
    note: labelRuleNote(row.label_rule, row.probs_images, row.images),
    totals,
    parentRunId: parentRun,
    createdAt: row.created_at,
  };
}

/** Every stored run in round order, with the labelled sets and models to chart them by. */
export function errorOverview(db: Db) {
  const rows = runRows(db);
  const runOf = new Map(rows.map((r) => [`${r.model_id}:${r.set_name}`, r.id]));
  const runs = rows.map((r) => toRun(r, r.parent_id === null ? null : (runOf.get(`${r.parent_id}:${r.set_name}`) ?? null)));
  const models = (
    db.prepare('SELECT id, name, version, parent_id, is_target FROM models ORDER BY id').all() as Array<{
      id: number;
      name: string;
      version: string;
      parent_id: number | null;
      is_target: number;
    }>
  ).map((m) => ({ id: m.id, name: m.name, version: m.version, parentId: m.parent_id, isTarget: m.is_target === 1 }));
  const sets = listLabelledSets(db).map((s) => ({ name: s.name, kind: s.kind, roundIdx: s.roundIdx, images: s.images }));
  return { sets, models, runs };
}

function requireRun(db: Db, runId: number): RunRow {
  const row = runRows(db, 'WHERE e.id = ?', runId)[0];
  if (!row) throw new FaultlineError('not_found', `There is no error classification run ${runId}; classify the errors first.`);
  return row;
}

/** Images of a run holding regions of one category, most pixels of it first, each with those regions. */
export function errorGallery(db: Db, runId: number, category: ErrorCategory, offset: number, limit: number) {
  requireRun(db, runId);
  const total = db.prepare('SELECT count(DISTINCT image_id) FROM error_regions WHERE run_id = ? AND category = ?').pluck().get(runId, category) as number;
  const pages = db
    .prepare(
      `SELECT e.image_id, sum(e.pixels) AS pixels, i.rel_path, i.width, i.height FROM error_regions e JOIN images i ON i.id = e.image_id
       WHERE e.run_id = ? AND e.category = ? GROUP BY e.image_id ORDER BY pixels DESC, e.image_id LIMIT ? OFFSET ?`,
    )
    .all(runId, category, limit, offset) as Array<{ image_id: number; pixels: number; rel_path: string; width: number; height: number }>;
  const regionsOf = db.prepare('SELECT * FROM error_regions WHERE run_id = ? AND image_id = ? AND category = ? ORDER BY side, region_index');
  return {
    total,
    items: pages.map((p) => ({
      imageId: p.image_id,
      relPath: p.rel_path,
      width: p.width,
      height: p.height,
      pixels: p.pixels,
      regions: (regionsOf.all(runId, p.image_id, category) as RegionRow[]).map(toRegion),
    })),
  };
}

/** One image of a run: its reference and the model's prediction, every region and the image's mix. */
export function errorImage(db: Db, runId: number, imageId: number) {
  const run = requireRun(db, runId);
  const image = db.prepare('SELECT rel_path, width, height FROM images WHERE id = ?').get(imageId) as { rel_path: string; width: number | null; height: number | null } | undefined;
  if (!image || image.width === null || image.height === null) throw new FaultlineError('not_found', `There is no image ${imageId} with a known size.`);
  const regions = (db.prepare('SELECT * FROM error_regions WHERE run_id = ? AND image_id = ? ORDER BY side, region_index').all(runId, imageId) as RegionRow[]).map(toRegion);
  const reference = referenceMask(db, imageId);
  const prediction = db
    .prepare('SELECT label_map FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL AND label_map IS NOT NULL')
    .pluck()
    .get(imageId, run.model_id) as Buffer | undefined;
  return {
    runId,
    modelId: run.model_id,
    imageId,
    relPath: image.rel_path,
    width: image.width,
    height: image.height,
    reference: reference ? maskPayload(deflateLabelMap(reference.mask), reference.width, reference.height) : null,
    prediction: prediction ? maskPayload(prediction, image.width, image.height) : null,
    regions,
    mix: imageMix(regions),
  };
}

/**
 * What changed between two runs on the same set (a model and, say, its fine-tuned successor):
 * per model-error category, the ground-truth regions that were that kind of error and no longer
 * are (fixed) and those that now are and were not before (introduced). Regions are matched by
 * image and component, which the same reference numbers alike; hallucinations have no
 * counterpart, so their change shows in the totals only.
 */
export function compareRuns(db: Db, runId: number, baseRunId: number) {
  const run = requireRun(db, runId);
  const base = requireRun(db, baseRunId);
  if (run.set_name !== base.set_name) {
    throw new FaultlineError('invalid_input', `Runs ${runId} (${run.set_name}) and ${baseRunId} (${base.set_name}) are on different sets; compare runs on the same set.`);
  }
  const transitions = db
    .prepare(
      `SELECT b.category AS before, a.category AS after, count(*) AS n FROM error_regions b
       JOIN error_regions a ON a.run_id = ? AND a.image_id = b.image_id AND a.side = 'reference' AND a.region_index = b.region_index
         AND a.class_id = b.class_id AND a.area = b.area
       WHERE b.run_id = ? AND b.side = 'reference' GROUP BY b.category, a.category`,
    )
    .all(runId, baseRunId) as Array<{ before: ErrorCategory; after: ErrorCategory; n: number }>;
  const zero = () => Object.fromEntries(ERROR_CATEGORIES.map((c) => [c, 0])) as Record<ErrorCategory, number>;
  const fixed = zero();
  const introduced = zero();
  let matched = 0;
  for (const t of transitions) {
    matched += t.n;
    if (t.before === t.after) continue;
    if (MODEL_ERROR_CATEGORIES.includes(t.before)) fixed[t.before] += t.n;
    if (MODEL_ERROR_CATEGORIES.includes(t.after)) introduced[t.after] += t.n;
  }
  return { runId, baseRunId, matched, fixed, introduced };
}
