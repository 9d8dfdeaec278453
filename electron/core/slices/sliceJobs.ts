import { FaultlineError } from '../../../shared/contract/errors.js';
import type { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { JobContext, JobRunner } from '../jobs/jobRunner.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { DemoSceneGenerator, demoGeneratorFits } from './demoGenerator.js';
import { fetchFreshByGenerator } from './generatorConfirmation.js';
import { HttpSliceGenerator } from './httpGenerator.js';
import { fetchFreshByRetrieval } from './freshRetrieval.js';
import { loadModel } from '../store/models.js';
import { loadStoredReport } from '../store/sliceRuns.js';
import { resolveVisionModel } from '../vision-models/visionModelFolders.js';
import { runSlices, sliceTarget, type SliceEnvironment } from './runSlices.js';
import { choosePopulation } from './slicePopulation.js';

export const SLICES_JOB = 'slices';
export const FRESH_JOB = 'slices.fresh';

function refuseWhileRunning(jobs: JobRunner): void {
  if (jobs.list().some((j) => (j.kind === SLICES_JOB || j.kind === FRESH_JOB) && j.state === 'running')) {
    throw new FaultlineError('invalid_input', 'Slice discovery is already running; wait for it or cancel it.');
  }
}

/** One slice job at a time per core: two would embed the same images twice. */
export function startSliceJob(jobs: JobRunner, project: ProjectDb, input: { modelId?: number | undefined; params: SliceParams }, env: SliceEnvironment): { jobId: string } {
  const targetId = sliceTarget(project.db, input.modelId);
  loadModel(project.db, targetId);
  choosePopulation(project.db, targetId, input.params.population);
  if (input.params.embedding !== 'target') resolveVisionModel(project.dir, 'image-encoder', input.params.embedding);
  if (input.params.captioner !== 'off') resolveVisionModel(project.dir, 'captioner', input.params.captioner);
  refuseWhileRunning(jobs);
  return { jobId: jobs.start(SLICES_JOB, (ctx) => runSlices(project, input, ctx, env)).jobId };
}

/** Checks what can be checked before the job starts, so a bad request is refused at once. */
export interface FreshRequest {
  runId: number;
  sliceIndex: number;
  source: 'retrieval' | 'generator';
  count: number;
  query?: string | undefined;
  generatorUrl?: string | undefined;
}

/**
 * Checks a fresh-image request against its run and returns the work to do, so a bad request is
 * refused before any job starts (the UI's job, or the CLI's).
 */
export function prepareFresh(project: ProjectDb, input: FreshRequest, env: SliceEnvironment): (ctx?: JobContext) => Promise<unknown> {
  const { report } = loadStoredReport(project.db, input.runId);
  if (!report.slices[input.sliceIndex]) throw new FaultlineError('not_found', `Slice ${input.sliceIndex + 1} is not part of run ${input.runId}.`);
  if (input.query !== undefined && input.source !== 'retrieval') throw new FaultlineError('invalid_input', 'A text query selects fresh pool images: use it with retrieval, not with the generator.');
  if (input.query !== undefined && !report.embedding.text) {
    throw new FaultlineError('invalid_input', `Run ${input.runId} was not embedded with a CLIP-like encoder that has a text model, so it cannot search by text; put one in the project's models/ folder and run slice discovery with it.`);
  }
  if (input.generatorUrl !== undefined && input.source !== 'generator') throw new FaultlineError('invalid_input', 'A generator address goes with source generator.');
  if (input.source === 'generator' && input.generatorUrl === undefined && !demoGeneratorFits(project.db)) {
    throw new FaultlineError(
      'unsupported',
      "No generator fits this project: the built-in one draws the demo world's classes. Give the address of a generator service, or retrieve fresh pool images instead.",
    );
  }
  const generator = input.generatorUrl === undefined ? new DemoSceneGenerator() : new HttpSliceGenerator(input.generatorUrl);
  const request = { ...input, seed: report.params.seed };
  return (ctx) => (input.source === 'retrieval' ? fetchFreshByRetrieval(project, request, ctx, env) : fetchFreshByGenerator(project, request, generator, ctx));
}

export function startFreshJob(jobs: JobRunner, project: ProjectDb, input: FreshRequest, env: SliceEnvironment): { jobId: string } {
  const work = prepareFresh(project, input, env);
  refuseWhileRunning(jobs);
  return { jobId: jobs.start<unknown>(FRESH_JOB, (ctx) => work(ctx)).jobId };
}
