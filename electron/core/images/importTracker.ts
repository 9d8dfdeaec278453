import { randomUUID } from 'node:crypto';
import type { ImportSummary } from '../../../shared/contract/domain.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { importImages } from './importImages.js';
import { newImportSummary, type ImportRequest } from './importRequest.js';

const KEEP_RUNS = 20;

/** Import runs started from the app, each a job, with their live counts kept for a while after they end. */
export class ImportTracker {
  private readonly runs = new Map<string, ImportSummary>();

  constructor(private readonly jobs: JobRunner) {}

  start(project: ProjectDb, request: ImportRequest): { jobId: string; runId: string } {
    const summary = newImportSummary(request, randomUUID());
    const { jobId, done } = this.jobs.start('images.import', (ctx) => importImages(project, request, ctx, { summary }));
    done.catch((error: unknown) => {
      if (summary.state === 'running') summary.state = 'failed';
      summary.error = error instanceof Error ? error.message : String(error);
    });
    this.runs.set(jobId, summary);
    for (const old of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEEP_RUNS))) this.runs.delete(old);
    return { jobId, runId: summary.runId };
  }

  status(jobId: string): ImportSummary | null {
    const summary = this.runs.get(jobId);
    return summary ? { ...summary } : null;
  }
}
