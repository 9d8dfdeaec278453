import type { inferenceMethods } from '../../../shared/contract/methods/inferenceMethods.js';
import { describeProgress } from '../inference/inferenceJob.js';
import { inferenceStatus } from '../inference/inferenceStatus.js';
import { readPrediction } from '../store/predictions.js';
import { providerLabel } from '../inference/providers.js';
import { runInference } from '../inference/runInference.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { startJob } from '../jobs/startJob.js';
import { loadModel } from '../store/models.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

/** One inference run at a time per core: two would compute the same pending images twice. */
const BUSY = 'An inference run is already in progress; cancel it or wait for it to finish.';

export function inferenceHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof inferenceMethods> {
  return {
    'inference.run': (input) => {
      const project = session.requireWritable();
      const run = async (options: typeof input, ctx: JobContext) => {
        ctx.progress(0, null, 'Starting inference…');
        const summary = await runInference(project, options, {
          signal: ctx.signal,
          onModelStart: (info) => ctx.progress(0, null, `${info.name} ${info.version} on ${providerLabel(info.provider)} (${info.workers} workers)`),
          onProgress: (p) => ctx.progress(p.done, p.total, describeProgress(p)),
        });
        // A cancelled run still returns what it finished; the job ends as cancelled with that summary.
        if (summary.cancelled) return summary;
        const outcome =
          summary.processed === 0
            ? 'Nothing to do: every image already has a prediction of the chosen models.'
            : `Done: ${summary.processed} images, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s.`;
        ctx.progress(summary.processed, summary.processed, outcome);
        return summary;
      };
      const check = () => {
        for (const id of input.modelIds ?? []) loadModel(project.db, id);
        return input;
      };
      return { jobId: startJob(jobs, 'inference', check, run, { exclusiveOf: ['inference'], busy: BUSY }).jobId };
    },
    'inference.status': () => inferenceStatus(session.require().db),
    'predictions.get': ({ imageId, modelId }) => readPrediction(session.require().db, imageId, modelId),
  };
}
