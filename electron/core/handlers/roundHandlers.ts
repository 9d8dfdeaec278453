import type { roundMethods } from '../../../shared/contract/methods/roundMethods.js';
import { planExport, runExport } from '../export/exportDataset.js';
import { startJob } from '../jobs/startJob.js';
import { labelSets } from '../rounds/labelSets.js';
import { setRoundState } from '../rounds/roundState.js';
import { buildUnbiasedTestSet } from '../rounds/unbiasedTestSet.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function roundHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof roundMethods> {
  return {
    'rounds.setState': ({ roundId, state }) => ({ state: setRoundState(session.requireWritable().db, roundId, state) }),
    'rounds.buildTestSet': (request) => buildUnbiasedTestSet(session.requireWritable().db, request),
    'rounds.labelSets': () => labelSets(session.require().db),
    'export.run': ({ format, out }) => {
      const project = session.require();
      return { jobId: startJob(jobs, 'export', () => planExport(project.db, format, out), (plan, ctx) => runExport(project.db, project.dir, plan, ctx)).jobId };
    },
  };
}
