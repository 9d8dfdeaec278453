import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { CompiledHierarchy } from '../../../shared/errors/classHierarchy.js';
import { classifyErrors, type ErrorRegion, type LabelErrorRuleState } from '../../../shared/errors/classifyErrors.js';
import { addRegions, emptyTotals, type CategoryTotals } from '../../../shared/errors/errorMix.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import { referenceMask } from '../store/referenceMasks.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { projectClassCount } from '../mining/projectClasses.js';
import type { Db } from '../store/openProjectDb.js';
import { listClasses } from '../store/classes.js';
import { compiledErrorConfig, type ErrorConfig } from './errorConfig.js';
import { labelledSetImages, pickLabelledSets, syncUserTestSet, type LabelledSet } from '../store/labelledSets.js';
import { replaceErrorRun, type LabelRuleSummary } from '../store/errorRuns.js';
import { modelsWithClassMaps } from '../store/models.js';
import { successfulPredictionReader } from '../store/predictions.js';
import { pixelProbabilities, probabilityMapping, type ProbabilityMapping } from './pixelProbabilities.js';
import { s0ErrorStatistics } from './s0ErrorStatistics.js';

export interface ErrorRunRequest {
  /** Models to classify (default: every model). */
  modelIds?: readonly number[];
  /** Labelled sets by name: S0, T0, T1, S1, … (default: every labelled set). */
  sets?: readonly string[];
}


export interface ErrorRunSummary {
  runId: number;
  modelId: number;
  setName: string;
  images: number;
  unlabelled: number;
  unpredicted: number;
  probsImages: number;
  labelErrorRule: LabelRuleSummary;
  totals: CategoryTotals;
}

/** Images between two turns of the event loop: cancel and other calls get through, a tiny run finishes in one go. */
const YIELD_EVERY = 32;

export interface ModelInfo {
  id: number;
  mapping: ProbabilityMapping;
}

interface RunState {
  model: ModelInfo;
  images: number;
  unpredicted: number;
  probsImages: number;
  rules: Set<LabelErrorRuleState>;
  totals: CategoryTotals;
  rows: Array<{ imageId: number; region: ErrorRegion }>;
}

function models(db: Db, requested: readonly number[] | undefined, numClasses: number): { all: ModelInfo[]; chosen: ModelInfo[] } {
  const classes = listClasses(db);
  const all = modelsWithClassMaps(db).map((m) => ({ id: m.id, mapping: probabilityMapping(m.card, m.classMap, classes, numClasses) }));
  if (!requested || requested.length === 0) return { all, chosen: all };
  const chosen = requested.map((id) => {
    const model = all.find((m) => m.id === id);
    if (!model) throw new FaultlineError('not_found', `There is no model ${id}. List models with \`npx faultline models list PROJECT\`.`);
    return model;
  });
  return { all, chosen };
}

function labelRuleOf(state: RunState): LabelRuleSummary {
  if (state.rules.size === 0) return state.probsImages > 0 ? 'no_competitors' : 'no_probabilities';
  if (state.rules.size === 1) return [...state.rules][0]!;
  return state.rules.has('active') ? 'partial' : state.probsImages > 0 ? 'no_competitors' : 'no_probabilities';
}

/** Stores a finished (model, set) run in place of the previous one; nothing is written before the run is whole. */
function storeRun(db: Db, set: LabelledSet, state: RunState, unlabelled: number, config: unknown): ErrorRunSummary {
  const labelErrorRule = labelRuleOf(state);
  const runId = replaceErrorRun(db, {
    modelId: state.model.id,
    setName: set.name,
    testSetId: set.testSetId,
    images: state.images,
    unlabelled,
    unpredicted: state.unpredicted,
    probsImages: state.probsImages,
    labelRule: labelErrorRule,
    totals: state.totals,
    config,
    regions: state.rows,
  });
  return {
    runId,
    modelId: state.model.id,
    setName: set.name,
    images: state.images,
    unlabelled,
    unpredicted: state.unpredicted,
    probsImages: state.probsImages,
    labelErrorRule,
    totals: state.totals,
  };
}

export interface ErrorRunPlan {
  numClasses: number;
  config: ErrorConfig;
  hierarchy: CompiledHierarchy;
  sets: LabelledSet[];
  /** Every model (competitors for rule 1) and the ones to classify. */
  all: ModelInfo[];
  chosen: ModelInfo[];
}

/**
 * Checks a request before any work starts (classes, hierarchy, sets, models), so a job that
 * cannot run is refused at once with its reason. Brings T0 in step with the test split.
 */
export function planErrorRun(db: Db, request: ErrorRunRequest = {}): ErrorRunPlan {
  const numClasses = projectClassCount(db);
  const { config, hierarchy } = compiledErrorConfig(db);
  syncUserTestSet(db);
  const sets = pickLabelledSets(db, request.sets);
  if (sets.length === 0) {
    throw new FaultlineError('invalid_input', 'There is no labelled set to classify yet: import a labelled train or test split, or label a test set.');
  }
  const { all, chosen } = models(db, request.modelIds, numClasses);
  if (chosen.length === 0) throw new FaultlineError('invalid_input', 'The project has no models yet; add one in the Models view.');
  return { numClasses, config, hierarchy, sets, all, chosen };
}

/** Plans and runs in one go (the CLI, tests); the app plans in the handler and runs the plan as a job. */
export async function classifyModelErrors(db: Db, request: ErrorRunRequest = {}, ctx?: JobContext): Promise<ErrorRunSummary[]> {
  return runErrorPlan(db, planErrorRun(db, request), ctx);
}

/**
 * Classifies the errors of each chosen model on each chosen labelled set (S0, T0, T(i), S(i)):
 * images are streamed, each compared with its reference mask (ground truth, else the newest
 * accepted or submitted annotation). Rule 1 uses the model's stored probabilities where
 * inference kept them and the other models' stored predictions as competitors. S0 statistics are
 * built once per job. Each (model, set) run replaces the previous one when it is complete.
 */
export async function runErrorPlan(db: Db, plan: ErrorRunPlan, ctx?: JobContext): Promise<ErrorRunSummary[]> {
  const { numClasses, config, hierarchy, sets, all, chosen } = plan;
  const { settings } = config;
  ctx?.progress(0, null, 'Reading the S0 statistics');
  const stats = s0ErrorStatistics(db, numClasses, settings, ctx);

  const predictionOf = successfulPredictionReader(db);
  const total = sets.reduce((n, s) => n + s.images, 0);
  const summaries: ErrorRunSummary[] = [];
  let done = 0;
  for (const set of sets) {
    const states: RunState[] = chosen.map((model) => ({ model, images: 0, unpredicted: 0, probsImages: 0, rules: new Set(), totals: emptyTotals(), rows: [] }));
    let unlabelled = 0;
    for (const imageId of labelledSetImages(db, set)) {
      ctx?.throwIfCancelled();
      if (++done % YIELD_EVERY === 0) await yieldToLoop();
      ctx?.progress(done, total, `Classifying errors on ${set.name}`);
      const reference = referenceMask(db, imageId);
      if (!reference) {
        unlabelled++;
        continue;
      }
      const { width, height } = reference;
      // Each model's prediction of this image is inflated once, whether it is classified or a competitor.
      const stored = new Map<number, { map: Uint8Array; probs: Buffer | null } | null>();
      const predicted = (modelId: number) => {
        if (!stored.has(modelId)) {
          const row = predictionOf(imageId, modelId);
          stored.set(modelId, row ? { map: inflateLabelMapAt(row.labelMap, width, height, `prediction of model ${modelId} for image ${imageId}`), probs: row.probs } : null);
        }
        return stored.get(modelId) ?? null;
      };
      for (const state of states) {
        const own = predicted(state.model.id);
        if (!own) {
          state.unpredicted++;
          continue;
        }
        const probabilities = own.probs ? pixelProbabilities(own.probs, state.model.mapping, width, height, own.map, reference.mask) : null;
        const competitors = probabilities
          ? all.filter((m) => m.id !== state.model.id).flatMap((m) => {
              const other = predicted(m.id);
              return other ? [other.map] : [];
            })
          : [];
        const result = classifyErrors(reference.mask, own.map, {
          width,
          height,
          numClasses,
          stats,
          hierarchy,
          settings,
          ...(probabilities ? { confidence: probabilities.confidence, labelQuality: probabilities.labelQuality, competitors } : {}),
        });
        state.images++;
        if (probabilities) state.probsImages++;
        state.rules.add(result.labelErrorRule);
        addRegions(state.totals, result.regions);
        for (const region of result.regions) state.rows.push({ imageId, region });
      }
    }
    for (const state of states) summaries.push(storeRun(db, set, state, unlabelled, { settings, hierarchy: config.hierarchy }));
  }
  ctx?.progress(total, total, 'Errors classified');
  return summaries;
}
