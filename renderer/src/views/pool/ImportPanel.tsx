import type { FormEvent } from 'react';
import type { ImageSplit, ImportSummary } from '../../../../shared/contract/domain.js';
import { describeImportRetry } from '../../../../shared/contract/jobResults.js';
import { FolderField } from '../../widgets/FolderField.js';
import { DicomImportOptions } from './DicomImportOptions.js';
import { DicomReviewList } from './DicomReviewList.js';
import { useImport } from './useImport.js';

function summaryLine(s: ImportSummary): string {
  const parts = [`${s.imported} imported`, `${s.duplicates} skipped as duplicate${s.duplicates === 1 ? '' : 's'}`, `${s.failed} failed`];
  if (s.masksFolder) parts.push(`masks: ${s.masksStored} stored, ${s.maskFailures} failed`);
  if (s.burnedIn > 0) parts.push(`${s.burnedIn} DICOM frame${s.burnedIn === 1 ? '' : 's'} to review for burned-in text`);
  const head = s.state === 'done' ? 'Import finished' : s.state === 'cancelled' ? 'Import cancelled (run it again to finish)' : 'Import failed';
  const retry = describeImportRetry(s);
  return `${head}: ${parts.join(' · ')}.${retry ? ` ${retry}` : ''}`;
}

/**
 * The import form: a folder, its split, optional masks for labelled splits, a pixel limit and how
 * DICOM files are de-identified;
 * then a progress bar driven by job.progress events, with Cancel, and the outcome's counts.
 */
export function ImportPanel({ readOnly, onChanged }: { readOnly: boolean; onChanged(): void }) {
  const { form, job, outcome, start } = useImport(onChanged);
  const { folder, setFolder, split, setSplit, masksFolder, setMasksFolder, maxMegapixels, setMaxMegapixels, dicom, setDicom } = form;
  const { cancel, running } = job;
  const progress = job.progress ?? { done: 0, total: null, message: 'Starting…' };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    start();
  };

  return (
    <form className="card import-panel" onSubmit={submit} data-testid="import-form" aria-label="Import images">
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
          <DicomImportOptions value={dicom} onChange={setDicom} />
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
      <DicomReviewList version={outcome} readOnly={readOnly} />
    </form>
  );
}
