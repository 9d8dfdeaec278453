import { describeInferenceRetry } from '../../../shared/contract/jobResults.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { providerLabel } from './providers.js';
import { runInference, selectModels, type InferenceOptions, type InferenceProgress, type InferenceSummary } from './runInference.js';

/** "colour-mlp 1.0 on CPU: 120/300 images, 2 failed, 41.0 images/s, ETA 5 s" */
export function describeProgress(p: InferenceProgress): string {
  const eta = p.etaSeconds === null ? '' : `, ETA ${Math.ceil(p.etaSeconds)} s`;
  const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
  return `${p.model.name} ${p.model.version} on ${providerLabel(p.model.provider)}: ${p.done}/${p.total} images${failed}, ${p.imagesPerSecond.toFixed(1)} images/s${eta}`;
}

/** Refuses a run on a model that is not there, or on a project without models, before a job exists. */
export function prepareInference(db: Db, options: InferenceOptions): InferenceOptions {
  selectModels(db, options.modelIds);
  return options;
}

/** An inference run as a job: progress with the provider and rate, and a closing summary message. */
export async function runInferenceJob(project: { dir: string; db: Db }, options: InferenceOptions, ctx: JobContext): Promise<InferenceSummary> {
  ctx.progress(0, null, 'Starting inference…');
  const summary = await runInference(project, options, {
    signal: ctx.signal,
    onModelStart: (info) => ctx.progress(0, null, `${info.name} ${info.version} on ${providerLabel(info.provider)} (${info.workers} workers)`),
    onProgress: (p) => ctx.progress(p.done, p.total, describeProgress(p)),
  });
  // A cancelled run still returns what it finished; the job ends as cancelled with that summary.
  if (summary.cancelled) return summary;
  const retry = describeInferenceRetry(summary);
  const outcome =
    summary.processed === 0 && summary.retryable === 0
      ? 'Nothing to do: every image already has a prediction of the chosen models.'
      : `Done: ${summary.processed} images, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s.${retry ? ` ${retry}` : ''}`;
  const handled = summary.processed + summary.retryable;
  ctx.progress(handled, handled, outcome);
  return summary;
}
