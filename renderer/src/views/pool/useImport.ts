import { useCallback, useRef, useState } from 'react';
import type { ImageSplit, ImportSummary } from '../../../../shared/contract/domain.js';
import { DicomImportOptions } from '../../../../shared/dicom/frameRecord.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useShowError } from '../../hooks/useShowError.js';

const REFRESH_MS = 3000;

/**
 * The import form (folder, split, masks folder, pixel limit, DICOM de-identification), the import job (one already running
 * when the view opens is followed) and its outcome. `onChanged` is called when the import ends and,
 * at most every few seconds, while it runs, so long imports fill the grid as they go.
 */
export function useImport(onChanged: () => void) {
  const client = useClient();
  const showError = useShowError();
  const [folder, setFolder] = useState('');
  const [split, setSplit] = useState<ImageSplit>('pool');
  const [masksFolder, setMasksFolder] = useState('');
  const [maxMegapixels, setMaxMegapixels] = useState('100');
  // The schema's defaults are the CLI's too: de-identified, neither option chosen.
  const [dicom, setDicom] = useState<DicomImportOptions>(() => DicomImportOptions.parse({}));
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
      onProgress: () => {
        if (Date.now() - lastRefresh.current < REFRESH_MS) return;
        lastRefresh.current = Date.now();
        onChanged();
      },
      resumeKind: 'images.import',
    },
  );
  const { start: follow } = job;

  const start = useCallback(() => {
    const megapixels = Number(maxMegapixels);
    if (!Number.isFinite(megapixels) || megapixels <= 0) {
      showError('The pixel limit must be a number of megapixels above 0.');
      return;
    }
    showError(null);
    setOutcome(null);
    follow(
      client.call('images.import', {
        folder: folder.trim(),
        split,
        maxPixels: Math.round(megapixels * 1_000_000),
        dicom,
        ...(split !== 'pool' && masksFolder.trim() ? { masksFolder: masksFolder.trim() } : {}),
      }),
    ).catch((error) => showError(errorMessage(error)));
  }, [client, dicom, folder, follow, maxMegapixels, masksFolder, showError, split]);

  return {
    form: { folder, setFolder, split, setSplit, masksFolder, setMasksFolder, maxMegapixels, setMaxMegapixels, dicom, setDicom },
    job,
    outcome,
    start,
  };
}
