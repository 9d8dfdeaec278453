import { useCallback, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useJob } from '../../hooks/useJob.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useShowError } from '../../hooks/useShowError.js';

const NO_CLASSES: ClassInfo[] = [];

/** The errors of every classified run with the project's classes, and the job that classifies more. */
export function useErrorOverview() {
  const client = useClient();
  const showError = useShowError();
  const loaded = useLoad(useCallback(() => Promise.all([client.call('errors.overview'), client.call('classes.list')]), [client]));
  const { reload } = loaded;
  const [runModel, setRunModel] = useState<number | null>(null);
  const [runSet, setRunSet] = useState<string | null>(null);
  const job = useJob(
    useCallback(
      (end) => {
        if (end.state === 'done') void reload();
      },
      [reload],
    ),
  );

  const classify = useCallback(() => {
    if (job.running) return;
    job.start(client.call('errors.run', { ...(runModel !== null ? { modelIds: [runModel] } : {}), ...(runSet !== null ? { sets: [runSet] } : {}) }))
      .catch((error) => showError(errorMessage(error)));
  }, [client, job, runModel, runSet, showError]);

  return {
    overview: loaded.data?.[0] ?? null,
    classes: loaded.data?.[1] ?? NO_CLASSES,
    reload,
    job,
    runModel,
    setRunModel,
    runSet,
    setRunSet,
    classify,
  };
}
