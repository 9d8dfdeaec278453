import type { MergeKind, MergeSummary } from '../contract/domain.js';

/** What each count of a merge is called, in the order the CLI and the app list them. */
export const MERGE_KIND_LABELS: ReadonlyArray<readonly [MergeKind, string]> = [
  ['people', 'People'],
  ['images', 'Images'],
  ['models', 'Models'],
  ['rounds', 'Rounds'],
  ['candidateSets', 'Candidate sets'],
  ['ratings', 'Ratings'],
  ['annotations', 'Annotation versions and drafts'],
  ['reviews', 'Reviews'],
];

/** Whether the merge changed (or, dry, would change) anything at all. */
export function mergeChangesNothing(summary: MergeSummary): boolean {
  return MERGE_KIND_LABELS.every(([kind]) => summary.counts[kind].added === 0 && summary.counts[kind].updated === 0) && summary.filesCopied === 0;
}

/** The lines after the counts: conflicts sent to review, renamed models, files copied. */
export function mergeNotes(summary: MergeSummary): string[] {
  const notes: string[] = [];
  const n = summary.conflicts.length;
  if (n > 0) {
    const verb = summary.dryRun ? 'would await' : 'awaits';
    notes.push(`${n} image${n === 1 ? '' : 's'} had new versions in both copies; the newest version of each ${verb} review: ${summary.conflicts.map((c) => c.relPath).join(', ')}.`);
  }
  for (const m of summary.renamedModels) notes.push(`Model ${m.name} ${m.version} is another file here, so the merged one is named version "${m.mergedAs}".`);
  if (summary.filesCopied > 0) notes.push(`${summary.filesCopied} file${summary.filesCopied === 1 ? '' : 's'} (images, models) ${summary.dryRun ? 'would be' : 'were'} copied in.`);
  if (mergeChangesNothing(summary)) notes.push(`This project already holds everything in ${summary.from}; nothing ${summary.dryRun ? 'would change' : 'changed'}.`);
  return notes;
}
