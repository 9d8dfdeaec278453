import type { finetuneMethods } from '../../../shared/contract/methods/finetuneMethods.js';
import { finetunePreview } from '../finetune/finetunePreview.js';
import { planFinetune, runFinetune } from '../finetune/runFinetune.js';
import { startJob } from '../jobs/startJob.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function finetuneHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof finetuneMethods> {
  return {
    'finetune.preview': ({ modelId }) => finetunePreview(session.require().db, modelId),
    'finetune.run': (params) => {
      const project = session.requireWritable();
      const busy = 'A fine-tune is already running; cancel it or wait for it to finish.';
      return { jobId: startJob(jobs, 'finetune', () => planFinetune(project.db, params), (plan, ctx) => runFinetune(project, plan, ctx), { exclusiveOf: ['finetune'], busy }).jobId };
    },
  };
}
