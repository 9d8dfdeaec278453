import { useCallback, useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/contract/events.js';
import { errorMessage, useClient } from '../clientContext.js';
import { useAppStore } from '../stores/appStore.js';

export type JobProgress = EventPayload<'job.progress'>;

/**
 * Follows one long job started from this view: its progress events, a cancel action, and a
 * callback when it ends (the view reloads its results then).
 */
export function useJob(onEnd: (job: JobProgress) => void) {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);

  useEffect(() => {
    if (!jobId) return;
    return client.on('job.progress', (event) => {
      if (event.jobId !== jobId) return;
      setProgress(event);
      if (event.state !== 'running') {
        setJobId(null);
        onEnd(event);
      }
    });
  }, [client, jobId, onEnd]);

  const cancel = useCallback(() => {
    if (jobId) client.call('jobs.cancel', { jobId }).catch((error) => showError(errorMessage(error)));
  }, [client, jobId, showError]);

  const track = useCallback((id: string) => {
    setProgress(null);
    setJobId(id);
  }, []);

  return { running: jobId !== null, progress, track, cancel };
}
