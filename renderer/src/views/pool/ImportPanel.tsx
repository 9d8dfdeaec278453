import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { ImageSplit, ImportSummary } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useAppStore } from '../../stores/appStore.js';
import { FolderField } from '../../widgets/FolderField.js';

const REFRESH_MS = 3000;


function summaryLine(s: ImportSummary): string {
  const parts = [`${s.imported} imported`, `${s.duplicates} skipped as duplicate${s.duplicates === 1 ? '' : 's'}`, `${s.failed} failed`];
  if (s.masksFolder) parts.push(`masks: ${s.masksStored} stored, ${s.maskFailures} failed`);
  const head = s.state === 'done' ? 'Import finished' : s.state === 'cancelled' ? 'Import cancelled (run it again to finish)' : 'Import failed';
  return `${head}: ${parts.join(' · ')}.`;
}

/**
 * The import form: a folder, its split, optional masks for labelled splits, and a pixel limit;
 * then a progress bar driven by job.progress events, with Cancel, and the outcome's counts.
 */
export function ImportPanel({ readOnly, onChanged }: { readOnly: boolean; onChanged(): void }) {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [folder, setFolder] = useState('');
  const [split, setSplit] = useState<ImageSplit>('pool');
  const [masksFolder, setMasksFolder] = useState('');
  const [maxMegapixels, setMaxMegapixels] = useState('100');
  const [outcome, setOutcome] = useState<ImportSummary | null>(null);
  const lastRefresh = useRef(0);

  const job = useJob(
    useCallback(
      (end) => {
        client
          .call('images.importStatus', { jobId: end.jobId })
          .then((summary) => {
            setOutcome(summary);
            onChanged();
          })
          .catch((error) => showError(errorMessage(error)));
      },
      [client, onChanged, showError],
    ),
    {
      // Long imports fill the grid as they go.
      onProgress: () => {
        if (Date.now() - lastRefresh.current < REFRESH_MS) return;
        lastRefresh.current = Date.now();
        onChanged();
      },
      resumeKind: 'images.import',
    },
  );
  const { start: follow, cancel, running } = job;
  const progress = job.progress ?? { done: 0, total: null, message: 'Starting…' };


  const start = (event: FormEvent): void => {
    event.preventDefault();
    const megapixels = Number(maxMegapixels);
    if (!Number.isFinite(megapixels) || megapixels <= 0) {
      showError('The pixel limit must be a number of megapixels above 0.');
      return;
    }
    showError(null);
    setOutcome(null);
    follow(client.call('images.import', {
        folder: folder.trim(),
        split,
        maxPixels: Math.round(megapixels * 1_000_000),
        ...(split !== 'pool' && masksFolder.trim() ? { masksFolder: masksFolder.trim() } : {}),
      }))
      .catch((error) => showError(errorMessage(error)));
  };

  return (
    <form className="card import-panel" onSubmit={start} data-testid="import-form" aria-label="Import images">
      <h2>Import images</h2>
      {readOnly ? (
        <p className="muted">This project is open read-only; reopen it with write access to import.</p>
      ) : (
        <>
          <div className="import-fields">
            <FolderField id="import-folder" label="Image folder" value={folder} onChange={setFolder} placeholder="/path/to/images (searched recursively)" />
            <div className="field">
              <label htmlFor="import-split">Split</label>
              <select id="import-split" value={split} onChange={(e) => setSplit(e.target.value as ImageSplit)}>
                <option value="pool">Pool (unlabelled)</option>
                <option value="train">Train (S0)</option>
                <option value="test">Test (T0)</option>
              </select>
            </div>
            {split !== 'pool' && (
              <FolderField id="import-masks" label="Masks folder (optional)" value={masksFolder} onChange={setMasksFolder} placeholder="/path/to/masks: a/b/c.png for a/b/c.jpg" />
            )}
            <div className="field narrow">
              <label htmlFor="import-max-pixels">Pixel limit (MP)</label>
              <input id="import-max-pixels" inputMode="decimal" value={maxMegapixels} onChange={(e) => setMaxMegapixels(e.target.value)} />
            </div>
          </div>
          <div className="row import-actions">
            <button type="submit" className="primary" disabled={running || !folder.trim()}>
              Import
            </button>
            {running && (
              <button type="button" onClick={cancel} data-testid="import-cancel">
                Cancel
              </button>
            )}
          </div>
        </>
      )}
      {running && (
        <div className="import-progress" data-testid="import-progress" aria-live="polite">
          <progress value={progress.total ? progress.done : undefined} max={progress.total ?? undefined} />
          <span>
            {progress.total !== null ? `${progress.done} of ${progress.total} files` : `${progress.done} files`}
            {progress.message ? ` · ${progress.message}` : ''}
          </span>
        </div>
      )}
      {outcome && (
        <p className={`import-result ${outcome.state}`} data-testid="import-result" role="status">
          {summaryLine(outcome)}
          {outcome.error ? ` ${outcome.error}` : ''}
        </p>
      )}
    </form>
  );
}
