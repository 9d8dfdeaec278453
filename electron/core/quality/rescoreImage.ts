import type { ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ScoreMapRunner } from '../inference/scoreMaps.js';
import { dicomModelInput } from '../inference/dicomModelInputs.js';
import { loadModel, type RegisteredModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { classSpace, scorableLabelLut, type ClassSpace } from './classSpace.js';
import { flagsAgainstCutoff, imageScore } from './imageFlags.js';
import { qualityLabel, type QualityLabel } from './qualityLabels.js';
import type { SetImage } from './qualitySets.js';
import { imageFileReader } from '../store/images.js';
import { latestQualityRunsWithImage, updateQualityImage, type StoredQualityRun } from '../store/qualityRuns.js';
import { imageResult, imageRow, requireRun } from './qualityStore.js';
import { storedWorkingImage } from './storedSource.js';
import { canvasImage, type WorkingImage } from './workingImages.js';

export interface RescoredImage {
  runId: number;
  setName: string;
  previousScore: number;
  score: number;
  issues: number;
}

async function freshWorkingImage(project: { dir: string; db: Db }, run: StoredQualityRun, model: RegisteredModel, image: SetImage, label: QualityLabel, space: ClassSpace): Promise<WorkingImage> {
  const runner = await ScoreMapRunner.open(project.dir, model, {
    provider: (run.options.provider ?? 'auto') as ProviderRequest,
    workers: 1,
    dicomInput: (imageId) => dicomModelInput(project.db, project.dir, imageId, model.card.input.dicomWindow),
  });
  try {
    for await (const outcome of runner.run([image])) {
      if ('error' in outcome) throw new FaultlineError('invalid_input', `Image ${image.imageId} could not be scored again: ${outcome.error}`);
      return canvasImage(image.imageId, label, outcome, space, scorableLabelLut(space), { width: run.options.workingWidth, height: run.options.workingHeight });
    }
    throw new FaultlineError('internal', `the model gave no result for image ${image.imageId}`);
  } finally {
    await runner.close();
  }
}

/**
 * Scores one image again after its mask was edited, in the given run or else in the newest run
 * of every set, model and source that holds it. The run's thresholds stay as they were (one image
 * barely moves them): the score is the same softmin, and a pixel is flagged when its label
 * disagrees with the prediction and is no more likely than the least unlikely pixel the run
 * flagged. Runs on the stored source read the stored probabilities; fresh runs run the model
 * on this one image. An image without a label any more is left as it was.
 */
export async function rescoreImage(project: { dir: string; db: Db }, imageId: number, runId?: number): Promise<RescoredImage[]> {
  const { db } = project;
  const runIds = runId === undefined ? latestQualityRunsWithImage(db, imageId) : [runId];
  const rescored: RescoredImage[] = [];
  for (const id of runIds) {
    const run = requireRun(db, id);
    const previous = imageResult(db, id, imageId);
    const label = qualityLabel(db, imageId);
    if (label === null) continue;
    const model = loadModel(db, run.modelId);
    const space = classSpace(model.classMap, run.options.classes);
    const relPath = imageFileReader(db)(imageId)!.relPath;
    const image: SetImage = { imageId, relPath, width: label.width, height: label.height, labelRef: label.ref };
    const working =
      run.source === 'stored'
        ? storedWorkingImage(db, model, image, label, space, scorableLabelLut(space))
        : await freshWorkingImage(project, run, model, image, label, space);
    if (working.labels.length !== run.options.workingWidth * run.options.workingHeight) {
      throw new FaultlineError('invalid_input', `Image ${imageId} no longer fits run ${id}'s ${run.options.workingWidth}×${run.options.workingHeight} grid; run the scoring again.`);
    }
    const score = imageScore(working, space.K, run.options.temperature);
    const flags = working.expand(flagsAgainstCutoff(working, space.K, run.cutoff));
    updateQualityImage(db, id, imageRow(imageId, score, label.ref, flags));
    rescored.push({ runId: id, setName: run.setName, previousScore: previous.score, score, issues: flags.issues });
  }
  return rescored;
}
