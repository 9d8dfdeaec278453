import { FaultlineError } from '../../../shared/contract/errors.js';
import { ERROR_CATEGORIES, MODEL_ERROR_CATEGORIES, type ErrorCategory } from '../../../shared/errors/errorCategories.js';
import { imageMix, type CategoryTotals } from '../../../shared/errors/errorMix.js';
import { maskPayload } from '../annotations/maskCodec.js';
import { deflateLabelMap } from '../store/labelMapBlob.js';
import { referenceMask } from '../store/referenceMasks.js';
import type { Db } from '../store/openProjectDb.js';
import {
  errorCategoryPage,
  errorRegionsOfImage,
  errorRunById,
  listErrorRuns,
  regionTransitions,
  type LabelRuleSummary,
  type StoredErrorRun,
} from '../store/errorRuns.js';
import { imageFileReader } from '../store/images.js';
import { listLabelledSets, type LabelledSetKind } from '../store/labelledSets.js';
import { modelIdentities } from '../store/models.js';
import { predictionLabelMapReader } from '../store/predictions.js';

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

function toRun(run: StoredErrorRun, parentRun: number | null): ErrorRunView {
  return {
    runId: run.id,
    modelId: run.modelId,
    setName: run.setName,
    setKind: run.setKind,
    roundIdx: run.roundIdx,
    images: run.images,
    unlabelled: run.unlabelled,
    unpredicted: run.unpredicted,
    probsImages: run.probsImages,
    labelErrorRule: run.labelRule,
    note: labelRuleNote(run.labelRule, run.probsImages, run.images),
    totals: run.totals,
    parentRunId: parentRun,
    createdAt: run.createdAt,
  };
}

/** Every stored run in round order, with the labelled sets and models to chart them by. */
export function errorOverview(db: Db) {
  const rows = listErrorRuns(db);
  const runOf = new Map(rows.map((r) => [`${r.modelId}:${r.setName}`, r.id]));
  const runs = rows.map((r) => toRun(r, r.parentModelId === null ? null : (runOf.get(`${r.parentModelId}:${r.setName}`) ?? null)));
  const models = modelIdentities(db);
  const sets = listLabelledSets(db).map((s) => ({ name: s.name, kind: s.kind, roundIdx: s.roundIdx, images: s.images }));
  return { sets, models, runs };
}

function requireRun(db: Db, runId: number): StoredErrorRun {
  const row = errorRunById(db, runId);
  if (!row) throw new FaultlineError('not_found', `There is no error classification run ${runId}; classify the errors first.`);
  return row;
}

/** Images of a run holding regions of one category, most pixels of it first, each with those regions. */
export function errorGallery(db: Db, runId: number, category: ErrorCategory, offset: number, limit: number) {
  requireRun(db, runId);
  return errorCategoryPage(db, runId, category, offset, limit);
}

/** One image of a run: its reference and the model's prediction, every region and the image's mix. */
export function errorImage(db: Db, runId: number, imageId: number) {
  const run = requireRun(db, runId);
  const image = imageFileReader(db)(imageId);
  if (!image || image.width === null || image.height === null) throw new FaultlineError('not_found', `There is no image ${imageId} with a known size.`);
  const regions = errorRegionsOfImage(db, runId, imageId);
  const reference = referenceMask(db, imageId);
  const prediction = predictionLabelMapReader(db)(imageId, run.modelId);
  return {
    runId,
    modelId: run.modelId,
    imageId,
    relPath: image.relPath,
    sourcePath: image.sourcePath,
    width: image.width,
    height: image.height,
    reference: reference ? maskPayload(deflateLabelMap(reference.mask), reference.width, reference.height) : null,
    prediction: prediction ? maskPayload(prediction.blob, prediction.width, prediction.height) : null,
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
  if (run.setName !== base.setName) {
    const models = modelIdentities(db);
    const named = (modelId: number) => {
      const m = models.find((x) => x.id === modelId);
      return m ? `${m.name} ${m.version}` : 'a removed model';
    };
    throw new FaultlineError(
      'invalid_input',
      `The error analysis of ${named(run.modelId)} is on ${run.setName} and that of ${named(base.modelId)} on ${base.setName}; compare two analyses of the same set (run the other model's on ${run.setName} first).`,
    );
  }
  const transitions = regionTransitions(db, runId, baseRunId);
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
