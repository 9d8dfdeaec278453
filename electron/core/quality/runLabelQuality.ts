import type { ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ScoreMapRunner } from '../inference/scoreMaps.js';
import { dicomModelInput } from '../inference/dicomModelInputs.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { projectClassCount } from '../mining/projectClasses.js';
import { loadModel, type RegisteredModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { scoreLabelQuality, type QualityProgress } from './scoreLabelQuality.js';
import { DEFAULT_TEMPERATURE } from '../../../shared/quality/types.js';
import { classSpace, scorableLabelLut, type ClassSpace } from './classSpace.js';
import { FreshImageSource, planCanvas } from './freshSource.js';
import { cellsOfImage, selfConfidence } from './imageFlags.js';
import { batchSource, type QualityImageSource, type SkippedImage } from './imageSource.js';
import { insertQualityRun, type ProbabilitySource, type QualityImageRow, type RunOptions, type SkippedCounts } from '../store/qualityRuns.js';
import { imageRow } from './qualityStore.js';
import { setMembers, type SetImage, type SetMembers } from './qualitySets.js';
import { planStoredSource, storedImageSource, type StoredPlan } from './storedSource.js';
import { requireTargetModelId } from '../store/models.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

export interface LabelQualityRequest {
  /** S0, T0, S1, T1, … (default S0). */
  set?: string | undefined;
  /** Default: the project's target model. */
  modelId?: number | undefined;
  /** 'auto': stored when every labelled image has stored probabilities, else fresh. */
  source: ProbabilitySource | 'auto';
  /** For the fresh source. */
  provider?: ProviderRequest | undefined;
  workers?: number | undefined;
}

export interface LabelQualityOutcome {
  runId: number;
  setName: string;
  model: { id: number; name: string; version: string };
  source: ProbabilitySource;
  images: number;
  flaggedImages: number;
  numIssuesEstimate: number;
  skipped: SkippedCounts;
  /** Lines worth telling the user (images left out and what to do about it). */
  warnings: string[];
  seconds: number;
}

/** Everything checked before a run starts, so a request that cannot work is refused at once. */
export interface PreparedRun {
  project: { dir: string; db: Db };
  model: RegisteredModel;
  members: SetMembers;
  space: ClassSpace;
  source: ProbabilitySource;
  provider: ProviderRequest;
  workers: number | undefined;
  stored: StoredPlan | null;
}

const STORED_BATCH = 8;
const MESSAGES_KEPT = 5;

type ModelName = Pick<RegisteredModel, 'id' | 'name' | 'version'>;

function modelLabel(model: ModelName): string {
  return `${model.name} ${model.version}`;
}

/** The advice when stored probabilities are missing: inference only fills in images it has not predicted yet. */
export function missingProbabilitiesAdvice(model: ModelName): string {
  return (
    `Run inference with “Store probabilities (for label quality)” ticked in the Models view (npx faultline infer PROJECT --models ${model.id} --store-probs) for images it has not predicted yet; ` +
    'images already predicted without probabilities need the probabilities “Run the model now” (--source fresh, or auto).'
  );
}

export function prepareLabelQuality(project: { dir: string; db: Db }, request: LabelQualityRequest): PreparedRun {
  const { db } = project;
  const model = loadModel(db, request.modelId ?? requireTargetModelId(db, 'add a model (or choose one to score with)'));
  const members = setMembers(db, request.set ?? 'S0');
  if (members.labelled.length === 0) {
    throw new FaultlineError('invalid_input', `${members.info.name} has no labelled image yet: label its images (or import their masks) first.`);
  }
  const space = classSpace(model.classMap, projectClassCount(db));
  if (!space.predictable.some((p) => p === 1)) {
    throw new FaultlineError('invalid_input', `Model ${modelLabel(model)} maps none of its classes to a project class; set its class map in the Models view.`);
  }
  const plan = request.source === 'fresh' ? null : planStoredSource(db, model, members.labelled);
  // 'auto' takes the stored probabilities only when every labelled image has them.
  const stored: StoredPlan | null = plan !== null && (request.source === 'stored' || plan.usable.length === members.labelled.length) ? plan : null;
  if (stored !== null && stored.usable.length === 0) {
    throw new FaultlineError(
      'invalid_input',
      `None of the ${members.labelled.length} labelled images of ${members.info.name} has stored probabilities of model ${modelLabel(model)}. ${missingProbabilitiesAdvice(model)}`,
    );
  }
  const source: ProbabilitySource = stored === null ? 'fresh' : 'stored';
  if (source === 'fresh') planCanvas(members.labelled, space.K);
  return { project, model, members, space, source, provider: request.provider ?? 'auto', workers: request.workers, stored };
}

const PASS_NAMES: Record<QualityProgress['pass'], string> = {
  gather: 'scores and thresholds',
  count: 'counting likely issues',
  refine: 'refining the cutoff',
  select: 'finding the flagged pixels',
  'select-exact': 'finding the flagged pixels',
};

function skippedCounts(unlabelled: number, skipped: readonly SkippedImage[]): SkippedCounts {
  return {
    unlabelled,
    noProbabilities: skipped.filter((s) => s.reason === 'no_probabilities').length,
    failed: skipped.filter((s) => s.reason === 'failed').length,
    messages: skipped.slice(0, MESSAGES_KEPT).map((s) => s.message),
  };
}

/** What the user should hear about images a run left out. */
export function skippedWarnings(setName: string, labelled: number, skipped: SkippedCounts, model: ModelName): string[] {
  const warnings: string[] = [];
  if (skipped.noProbabilities > 0) {
    warnings.push(
      `${skipped.noProbabilities} of ${labelled} labelled images of ${setName} have no stored probabilities of model ${modelLabel(model)} and were not scored. ${missingProbabilitiesAdvice(model)}`,
    );
  }
  if (skipped.failed > 0) warnings.push(`${skipped.failed} images could not be scored: ${skipped.messages.join('; ')}`);
  if (skipped.unlabelled > 0) warnings.push(`${skipped.unlabelled} images of ${setName} have no label yet and were not scored.`);
  return warnings;
}

async function openSource(prepared: PreparedRun): Promise<{ source: QualityImageSource; batchSize: number; options: Omit<RunOptions, 'temperature'> }> {
  const { project, model, members, space, stored } = prepared;
  const lut = scorableLabelLut(space);
  if (stored !== null) {
    const source = storedImageSource(project.db, model, stored, space, lut);
    return {
      source,
      batchSize: STORED_BATCH,
      options: { resolution: 'score-map', workingWidth: source.shape.W, workingHeight: source.shape.H, classes: space.K, provider: null },
    };
  }
  const canvas = planCanvas(members.labelled, space.K);
  const runner = await ScoreMapRunner.open(project.dir, model, {
    provider: prepared.provider,
    workers: prepared.workers,
    dicomInput: (imageId) => dicomModelInput(project.db, project.dir, imageId, model.card.input.dicomWindow),
  });
  const source = new FreshImageSource(project.db, runner, members.labelled, space, lut, canvas);
  return {
    source,
    batchSize: canvas.batchSize,
    options: { resolution: 'full', workingWidth: canvas.width, workingHeight: canvas.height, classes: space.K, provider: runner.provider },
  };
}

/**
 * Scores a labelled set with a model by confident learning (the streaming search of
 * electron/core/quality) and stores the run: per image its softmin score, its flagged pixels at
 * the image's own size and the given → predicted pairs among them. A last pass over the images
 * maps the flagged working pixels back to image pixels. Nothing is written unless the run finishes.
 */
export async function executeLabelQuality(prepared: PreparedRun, ctx?: JobContext): Promise<LabelQualityOutcome> {
  const started = performance.now();
  const { project, model, members, space } = prepared;
  const setName = members.info.name;
  const what = `${setName} · ${modelLabel(model)} (${prepared.source === 'stored' ? 'stored probabilities' : 'fresh, full resolution'})`;
  ctx?.progress(0, members.labelled.length, `Scoring ${what}: starting…`);
  const { source, batchSize, options } = await openSource(prepared);
  try {
    const result = await scoreLabelQuality(batchSource(source, batchSize, ctx?.signal), {
      ignoreIndex: UNLABELLED,
      softminTemperature: DEFAULT_TEMPERATURE,
      ...(ctx ? { signal: ctx.signal } : {}),
      onProgress: (p) => {
        const running = prepared.source === 'fresh' && p.passNumber === 1 ? 'running the model, ' : '';
        ctx?.progress(p.imagesDone, p.imageCount ?? source.imageCount, `Scoring ${what}: pass ${p.passNumber}, ${running}${PASS_NAMES[p.pass]}`);
      },
    });
    ctx?.throwIfCancelled();
    const skipped = skippedCounts(members.unlabelled, source.skipped());
    if (result.imageCount === 0) {
      throw new FaultlineError('invalid_input', `No image of ${setName} could be scored: ${skipped.messages.join('; ') || 'none had what scoring needs'}.`);
    }
    const rows: QualityImageRow[] = [];
    const flagged = result.flagged!;
    const byId = new Map<number, SetImage>(members.labelled.map((image) => [image.imageId, image]));
    let cutoff: number | null = null;
    let from = 0;
    let index = 0;
    for await (const image of source.images(ctx?.signal)) {
      ctx?.throwIfCancelled();
      const { cells, next } = cellsOfImage(flagged, index, from);
      from = next;
      for (const cell of cells) cutoff = Math.max(cutoff ?? 0, selfConfidence(image, space.K, cell.cell, cell.given));
      rows.push(imageRow(image.imageId, result.softminScores![index]!, byId.get(image.imageId)!.labelRef, image.expand(cells)));
      index++;
      ctx?.progress(index, result.imageCount, `Scoring ${what}: storing the flagged pixels`);
    }
    const seconds = (performance.now() - started) / 1000;
    const runId = insertQualityRun(
      project.db,
      {
        modelId: model.id,
        setName,
        testSetId: members.info.testSetId,
        source: prepared.source,
        options: { temperature: DEFAULT_TEMPERATURE, ...options },
        thresholds: Array.from(result.confidentThresholds!),
        numIssuesEstimate: result.numIssuesEstimate!,
        cutoff,
        skipped,
        seconds,
      },
      rows,
    );
    const flaggedImages = rows.filter((r) => r.issues > 0).length;
    const warnings = skippedWarnings(setName, members.labelled.length, skipped, model);
    ctx?.progress(rows.length, rows.length, `Scored ${rows.length} images of ${setName}: ${flaggedImages} with flagged pixels${warnings.length > 0 ? ` (${warnings.length} warnings)` : ''}.`);
    return {
      runId,
      setName,
      model: { id: model.id, name: model.name, version: model.version },
      source: prepared.source,
      images: rows.length,
      flaggedImages,
      numIssuesEstimate: result.numIssuesEstimate!,
      skipped,
      warnings,
      seconds,
    };
  } finally {
    await source.close();
  }
}

export async function runLabelQuality(project: { dir: string; db: Db }, request: LabelQualityRequest, ctx?: JobContext): Promise<LabelQualityOutcome> {
  return executeLabelQuality(prepareLabelQuality(project, request), ctx);
}
