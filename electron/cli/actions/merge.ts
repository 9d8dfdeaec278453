import { resolve } from 'node:path';
import type { MergeSummary } from '../../../shared/contract/domain.js';
import { MERGE_KIND_LABELS, mergeNotes } from '../../../shared/merge/mergeSummaryText.js';
import { withProject } from '../cliCore.js';

function summaryText(summary: MergeSummary, into: string): string {
  const head = summary.dryRun ? `Dry run: merging ${summary.from} into ${into} would change this (nothing was changed):` : `Merged ${summary.from} into ${into}:`;
  const width = Math.max(...MERGE_KIND_LABELS.map(([, label]) => label.length));
  const rows = MERGE_KIND_LABELS.map(([kind, label]) => {
    const { added, updated } = summary.counts[kind];
    return `  ${label.padEnd(width)}  ${String(added).padStart(6)} added  ${String(updated).padStart(6)} updated`;
  });
  return [head, ...rows, ...mergeNotes(summary)].join('\n');
}

export async function merge(into: string, from: string, options: { dryRun?: boolean; json?: boolean }): Promise<void> {
  await withProject(into, {}, async (client, project) => {
    const summary = await client.call('project.merge', { from: resolve(from), dryRun: options.dryRun ?? false });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryText(summary, project.dir)}\n`);
  });
}
