import { FaultlineError, isFaultlineError } from '../../../shared/contract/errors.js';
import { FINETUNE_DEFAULTS, type FinetuneParams, type FinetunePreview, type FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import { loadModel } from '../store/models.js';
import type { Db, ProjectDb } from '../store/openProjectDb.js';
import { finetuneImages, imageArea } from '../store/finetuneData.js';
import { latestRun } from './registerVersion.js';
import { planFinetune, runFinetune, targetModel } from './runFinetune.js';

export const FINETUNE_JOB = 'finetune';

/** What a fine-tune would learn from and whether it can start, without starting it. */
export function finetunePreview(db: Db, modelId?: number): FinetunePreview {
  const model = modelId === undefined ? targetModel(db) : loadModel(db, modelId);
  const images = finetuneImages(db);
  let problem: string | null = null;
  try {
    planFinetune(db, modelId === undefined ? {} : { modelId });
  } catch (error) {
    if (!isFaultlineError(error)) throw error;
    problem = error.message;
  }
  return {
    model: model && { id: model.id, name: model.name, version: model.version, isTarget: model.isTarget },
    hasHead: model?.card.head !== undefined,
    featureChannels: model?.card.head?.featureChannels ?? null,
    old: { images: images.old.length, pixels: imageArea(db, images.old) },
    new: { images: images.new.length, pixels: imageArea(db, images.new) },
    problem,
    defaults: { ...FINETUNE_DEFAULTS },
    lastRun: latestRun(db),
  };
}

/** Checks the request at once (refusals reach the caller, not a failed job), then fine-tunes as a job; one at a time. */
export function startFinetuneJob(jobs: JobRunner, project: ProjectDb, params: FinetuneParams): { jobId: string; done: Promise<FinetuneRun> } {
  const plan = planFinetune(project.db, params);
  if (jobs.list().some((j) => j.kind === FINETUNE_JOB && j.state === 'running')) {
    throw new FaultlineError('invalid_input', 'A fine-tune is already running; cancel it or wait for it to finish.');
  }
  return jobs.start(FINETUNE_JOB, (ctx) => runFinetune(project, plan, ctx));
}
