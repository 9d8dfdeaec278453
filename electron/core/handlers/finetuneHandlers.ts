import type { finetuneMethods } from '../../../shared/contract/methods/finetuneMethods.js';
import { finetunePreview, startFinetuneJob } from '../finetune/finetuneJob.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function finetuneHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof finetuneMethods> {
  return {
    'finetune.preview': ({ modelId }) => finetunePreview(session.require().db, modelId),
    'finetune.run': (params) => ({ jobId: startFinetuneJob(jobs, session.requireWritable(), params).jobId }),
  };
}
