import { FaultlineError } from '../../../shared/contract/errors.js';
import type { JobResultInput } from '../../../shared/contract/jobResults.js';
import type { SliceGenerator } from '../../../shared/slices/generator.js';
import type { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { DemoSceneGenerator, demoGeneratorFits } from './demoGenerator.js';
import { fetchFreshByGenerator } from './generatorConfirmation.js';
import { HttpSliceGenerator } from './httpGenerator.js';
import { fetchFreshByRetrieval } from './freshRetrieval.js';
import { loadModel } from '../store/models.js';
import { loadStoredReport } from '../store/sliceRuns.js';
import { resolveVisionModel } from '../vision-models/visionModelFolders.js';
import { sliceTarget } from './runSlices.js';
import { choosePopulation } from './slicePopulation.js';

export interface SliceRequest {
  modelId?: number | undefined;
  params: SliceParams;
}

/** Checks a slice run before a job exists: a model to look at, a population to slice, and the vision models it names. */
export function prepareSlices(project: ProjectDb, input: SliceRequest): SliceRequest {
  const targetId = sliceTarget(project.db, input.modelId);
  loadModel(project.db, targetId);
  choosePopulation(project.db, targetId, input.params.population);
  if (input.params.embedding !== 'target') resolveVisionModel(project.dir, 'image-encoder', input.params.embedding);
  if (input.params.captioner !== 'off') resolveVisionModel(project.dir, 'captioner', input.params.captioner);
  return input;
}

export interface FreshRequest {
  runId: number;
  sliceIndex: number;
  source: 'retrieval' | 'generator';
  count: number;
  query?: string | undefined;
  generatorUrl?: string | undefined;
}

/** A checked fresh-image request: the run's seed, and the generator when images are generated. */
export type FreshPlan = (FreshRequest & { seed: number }) & ({ source: 'retrieval' } | { source: 'generator'; generator: SliceGenerator });

/**
 * Checks a fresh-image request against its run, so a bad request is refused before any job
 * starts (the UI's job, or the CLI's).
 */
export function prepareFresh(project: ProjectDb, input: FreshRequest): FreshPlan {
  const { report } = loadStoredReport(project.db, input.runId);
  if (!report.slices[input.sliceIndex]) throw new FaultlineError('not_found', `Slice ${input.sliceIndex + 1} is not part of run ${input.runId}.`);
  if (input.query !== undefined && input.source !== 'retrieval') throw new FaultlineError('invalid_input', 'A text query selects fresh pool images: use it with retrieval, not with the generator.');
  if (input.query !== undefined && !report.embedding.text) {
    throw new FaultlineError('invalid_input', `Run ${input.runId} was not embedded with a CLIP-like encoder that has a text model, so it cannot search by text; put one in the project's models/ folder and run slice discovery with it.`);
  }
  if (input.generatorUrl !== undefined && input.source !== 'generator') throw new FaultlineError('invalid_input', 'A generator address goes with source generator.');
  if (input.source === 'retrieval') return { ...input, source: 'retrieval', seed: report.params.seed };
  if (input.generatorUrl === undefined && !demoGeneratorFits(project.db)) {
    throw new FaultlineError(
      'unsupported',
      "No generator fits this project: the built-in one draws the demo world's classes. Give the address of a generator service, or retrieve fresh pool images instead.",
    );
  }
  const generator = input.generatorUrl === undefined ? new DemoSceneGenerator() : new HttpSliceGenerator(input.generatorUrl);
  return { ...input, source: 'generator', seed: report.params.seed, generator };
}

/** Fresh images for a slice: unseen pool images retrieved into a set for rating, or generated ones scored at once. */
export function runFresh(project: ProjectDb, plan: FreshPlan, ctx: JobContext, env: { userDataDir: string }): Promise<JobResultInput<'slices.fresh'>> {
  return plan.source === 'retrieval' ? fetchFreshByRetrieval(project, plan, ctx, env) : fetchFreshByGenerator(project, plan, plan.generator, ctx);
}
