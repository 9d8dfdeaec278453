import { randomUUID } from 'node:crypto';
import type { ImportSummary } from '../../../shared/contract/domain.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { importImages } from './importImages.js';
import { newImportSummary, resolveImportRequest, type ImportInput, type ImportRequest } from './importRequest.js';

/** Import runs keep their live counts this long after they end, for `images.importStatus`. */
const KEEP_RUNS = 20;

export interface ImportPlan {
  request: ImportRequest;
  /** The live counts of the run, updated while it imports. */
  summary: ImportSummary;
}

/** Checks the folders before a job exists (a missing folder is an error of the call). */
export function prepareImport(projectDir: string, input: ImportInput): ImportPlan {
  const request = resolveImportRequest(projectDir, input);
  return { request, summary: newImportSummary(request, randomUUID()) };
}

export function runImport(project: ProjectDb, { request, summary }: ImportPlan, ctx: JobContext): Promise<ImportSummary> {
  return importImages(project, request, ctx, { summary });
}

/** Import runs started from the app, with their live counts kept for a while after they end. */
export class ImportRuns {
  private readonly runs = new Map<string, ImportSummary>();

  track(jobId: string, summary: ImportSummary, done: Promise<unknown>): void {
    done.catch((error: unknown) => {
      if (summary.state === 'running') summary.state = 'failed';
      summary.error = error instanceof Error ? error.message : String(error);
    });
    this.runs.set(jobId, summary);
    for (const old of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEEP_RUNS))) this.runs.delete(old);
  }

  status(jobId: string): ImportSummary | null {
    const summary = this.runs.get(jobId);
    return summary ? { ...summary } : null;
  }
}
