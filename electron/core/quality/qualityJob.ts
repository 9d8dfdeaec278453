import type { JobRunner } from '../jobs/jobRunner.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { executeLabelQuality, prepareLabelQuality, type LabelQualityOutcome, type LabelQualityRequest } from './runLabelQuality.js';

export const LABEL_QUALITY_JOB = 'label-quality';

/** Checks the request at once (an impossible run is refused before a job exists), then scores as a job. */
export function startLabelQualityJob(jobs: JobRunner, project: ProjectDb, request: LabelQualityRequest): { jobId: string; done: Promise<LabelQualityOutcome> } {
  const prepared = prepareLabelQuality(project, request);
  return jobs.start(LABEL_QUALITY_JOB, (ctx) => executeLabelQuality(prepared, ctx));
}
