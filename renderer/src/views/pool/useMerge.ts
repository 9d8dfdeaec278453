import { useCallback, useState } from 'react';
import type { MergeSummary } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useShowError } from '../../hooks/useShowError.js';

/**
 * Merging another copy of the project: a preview (a dry run) first, then the merge of exactly
 * that folder. `onChanged` is called once a merge has written, so the counts are read again.
 */
export function useMerge(onChanged: () => void) {
  const client = useClient();
  const showError = useShowError();
  const [folder, setFolderState] = useState('');
  const [summary, setSummary] = useState<MergeSummary | null>(null);
  const [busy, setBusy] = useState(false);

  /** A new folder invalidates the preview: Merge must never act on a folder that was not previewed. */
  const setFolder = useCallback((next: string) => {
    setFolderState(next);
    setSummary(null);
  }, []);

  const run = useCallback(
    (dryRun: boolean) => {
      showError(null);
      setBusy(true);
      client
        .call('project.merge', { from: folder.trim(), dryRun })
        .then((result) => {
          setSummary(result);
          if (!dryRun) onChanged();
        })
        .catch((error) => showError(errorMessage(error)))
        .finally(() => setBusy(false));
    },
    [client, folder, onChanged, showError],
  );

  return { folder, setFolder, summary, busy, preview: () => run(true), merge: () => run(false) };
}
