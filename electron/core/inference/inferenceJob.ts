import type { ProviderRequest } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { providerLabel } from './providers.js';
import { runInference, type InferenceProgress, type InferenceSummary } from './runInference.js';

export const INFERENCE_JOB = 'inference';

export interface InferenceJobInput {
  modelIds?: number[] | undefined;
  provider: ProviderRequest;
  storeProbs: boolean;
  retryFailed: boolean;
}

/** "colour-mlp 1.0 on CPU: 120/300 images, 2 failed, 41.0 images/s, ETA 5 s" */
export function describeProgress(p: InferenceProgress): string {
  const eta = p.etaSeconds === null ? '' : `, ETA ${Math.ceil(p.etaSeconds)} s`;
  const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
  return `${p.model.name} ${p.model.version} on ${providerLabel(p.model.provider)}: ${p.done}/${p.total} images${failed}, ${p.imagesPerSecond.toFixed(1)} images/s${eta}`;
}

/** One inference run at a time per core: two would compute the same pending images twice. */
export function startInferenceJob(jobs: JobRunner, project: ProjectDb, input: InferenceJobInput): { jobId: string; done: Promise<InferenceSummary> } {
  const running = jobs.list().find((j) => j.kind === INFERENCE_JOB && j.state === 'running');
  if (running) throw new FaultlineError('invalid_input', 'An inference run is already in progress; cancel it or wait for it to finish.');
  return jobs.start(INFERENCE_JOB, async (ctx) => {
    ctx.progress(0, null, 'Starting inference…');
    const summary = await runInference(project, input, {
      signal: ctx.signal,
      onModelStart: (info) => ctx.progress(0, null, `${info.name} ${info.version} on ${providerLabel(info.provider)} (${info.workers} workers)`),
      onProgress: (p) => ctx.progress(p.done, p.total, describeProgress(p)),
    });
    ctx.throwIfCancelled();
    const outcome =
      summary.processed === 0
        ? 'Nothing to do: every image already has a prediction of the chosen models.'
        : `Done: ${summary.processed} images, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s.`;
    ctx.progress(summary.processed, summary.processed, outcome);
    return summary;
  });
}
