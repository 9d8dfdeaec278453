import type { FormEvent } from 'react';
import type { MergeSummary } from '../../../../shared/contract/domain.js';
import { MERGE_KIND_LABELS, mergeChangesNothing, mergeNotes } from '../../../../shared/merge/mergeSummaryText.js';
import { FolderField } from '../../widgets/FolderField.js';
import { useMerge } from './useMerge.js';

function SummaryTable({ summary }: { summary: MergeSummary }) {
  return (
    <table className="merge-counts">
      <thead>
        <tr>
          <th scope="col">Records</th>
          <th scope="col">{summary.dryRun ? 'Would add' : 'Added'}</th>
          <th scope="col">{summary.dryRun ? 'Would update' : 'Updated'}</th>
        </tr>
      </thead>
      <tbody>
        {MERGE_KIND_LABELS.map(([kind, label]) => (
          <tr key={kind} data-testid={`merge-${kind}`}>
            <th scope="row">{label}</th>
            <td>{summary.counts[kind].added}</td>
            <td>{summary.counts[kind].updated}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Merging a copy of this project taken elsewhere (a hospital annotator's laptop, say): preview
 * what it would bring, then merge exactly that folder. Merging twice changes nothing.
 */
export function MergePanel({ readOnly, onChanged }: { readOnly: boolean; onChanged(): void }) {
  const { folder, setFolder, summary, busy, preview, merge } = useMerge(onChanged);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    preview();
  };
  const canMerge = summary !== null && summary.dryRun && !mergeChangesNothing(summary);

  return (
    <form className="card merge-panel" onSubmit={submit} data-testid="merge-form" aria-label="Merge another copy">
      <h2>Merge another copy</h2>
      {readOnly ? (
        <p className="muted">This project is open read-only; reopen it with write access to merge another copy into it.</p>
      ) : (
        <>
          <p className="muted">
            Brings the other copy&apos;s people, images, models, rounds, candidate sets, ratings, annotation versions and reviews into this project. That copy is
            only read.
          </p>
          <FolderField id="merge-folder" label="Other copy's folder" value={folder} onChange={setFolder} placeholder="/path/to/the/other/copy" />
          <div className="row">
            <button type="submit" disabled={busy || !folder.trim()}>
              Preview merge
            </button>
            <button type="button" className="primary" disabled={busy || !canMerge} onClick={merge}>
              Merge
            </button>
          </div>
        </>
      )}
      {summary && (
        <div className="merge-result" data-testid="merge-result" role="status">
          <p className="merge-head">{summary.dryRun ? `Merging ${summary.from} would change this (nothing is changed yet):` : `Merged ${summary.from}:`}</p>
          <SummaryTable summary={summary} />
          {mergeNotes(summary).map((note) => (
            <p key={note} className="merge-note">
              {note}
            </p>
          ))}
        </div>
      )}
    </form>
  );
}
