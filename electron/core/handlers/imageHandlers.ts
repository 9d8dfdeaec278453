import { randomUUID } from 'node:crypto';
import type { ImportSummary } from '../../../shared/contract/domain.js';
import type { imageMethods } from '../../../shared/contract/methods/imageMethods.js';
import { importImages } from '../images/importImages.js';
import { newImportSummary, resolveImportRequest } from '../images/importRequest.js';
import { startJob } from '../jobs/startJob.js';
import { imageThumbnails, listImportFailures, listImages } from '../store/images.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

/** Import runs keep their live counts this long after they end, for `images.importStatus`. */
const KEEP_RUNS = 20;

export function imageHandlers({ session, jobs }: CoreServices): FeatureHandlers<typeof imageMethods> {
  const runs = new Map<string, ImportSummary>();
  return {
    'images.list': (query) => listImages(session.require().db, query),
    'images.import': (input) => {
      const project = session.requireWritable();
      const prepare = () => {
        const request = resolveImportRequest(project.dir, input);
        return { request, summary: newImportSummary(request, randomUUID()) };
      };
      const { jobId, done, plan } = startJob(jobs, 'images.import', prepare, ({ request, summary }, ctx) => importImages(project, request, ctx, { summary }));
      const { summary } = plan;
      done.catch((error: unknown) => {
        if (summary.state === 'running') summary.state = 'failed';
        summary.error = error instanceof Error ? error.message : String(error);
      });
      runs.set(jobId, summary);
      for (const old of [...runs.keys()].slice(0, Math.max(0, runs.size - KEEP_RUNS))) runs.delete(old);
      return { jobId, runId: summary.runId };
    },
    'images.importStatus': ({ jobId }) => {
      const summary = runs.get(jobId);
      return summary ? { ...summary } : null;
    },
    'images.importFailures': (query) => listImportFailures(session.require().db, query),
    'images.thumbnails': ({ ids }) => imageThumbnails(session.require().db, ids),
  };
}
