import { useCallback, useMemo, useState } from 'react';
import type { JobInfo, ProviderRequest } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useShowError } from '../../hooks/useShowError.js';

/**
 * The inference status (read again when `refreshKey` changes and after each run), the options of
 * the next run, the run's job (a run already going when the view opens is followed) and its outcome.
 */
export function useInference(refreshKey: number, onFinished: () => void) {
  const client = useClient();
  const showError = useShowError();
  const [provider, setProvider] = useState<ProviderRequest>('auto');
  const [storeProbs, setStoreProbs] = useState(false);
  const [retryFailed, setRetryFailed] = useState(false);
  const [outcome, setOutcome] = useState<JobInfo | null>(null);

  const status = useLoad(useMemo(() => () => client.call('inference.status'), [client, refreshKey]));
  const refresh = status.reload;

  const job = useJob(
    useCallback(
      (end) => {
        client
          .call('jobs.list')
          .then((jobs) => setOutcome(jobs.find((j) => j.jobId === end.jobId) ?? null))
          .catch((error) => showError(errorMessage(error)));
        void refresh();
        onFinished();
      },
      [client, refresh, onFinished, showError],
    ),
    { resumeKind: 'inference' },
  );
  const { start } = job;

  const run = useCallback(() => {
    showError(null);
    setOutcome(null);
    start(client.call('inference.run', { provider, storeProbs, retryFailed })).catch((error) => showError(errorMessage(error)));
  }, [client, provider, storeProbs, retryFailed, showError, start]);

  return {
    status: status.data ?? null,
    form: { provider, setProvider, storeProbs, setStoreProbs, retryFailed, setRetryFailed },
    job,
    outcome,
    run,
  };
}
