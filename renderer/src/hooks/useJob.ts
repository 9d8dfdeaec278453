import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobKind } from '../../../shared/contract/domain.js';
import type { EventPayload } from '../../../shared/contract/events.js';
import { errorMessage, useClient } from './clientContext.js';
import { useShowError } from './useShowError.js';

export type JobProgress = EventPayload<'job.progress'>;

/**
 * Follows one long job started from this view: its progress events, a cancel action, and a
 * callback when it ends (the view reloads its results then). Events are heard from the start,
 * because a quick job can finish before the call that started it has returned its id.
 */
export function useJob(
  onEnd: (job: JobProgress) => void,
  options: {
    onProgress?: (job: JobProgress) => void;
    /** Follow a job of this kind already running when the view opens (started elsewhere, or before a reload). */
    resumeKind?: JobKind;
  } = {},
) {
  const { onProgress, resumeKind } = options;
  const client = useClient();
  const showError = useShowError();
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [starting, setStarting] = useState(false);
  const tracked = useRef<string | null>(null);
  const seen = useRef(new Map<string, JobProgress>());
  const endRef = useRef(onEnd);
  endRef.current = onEnd;
  const progressRef = useRef(onProgress);
  progressRef.current = onProgress;

  const handle = useCallback((event: JobProgress) => {
    setProgress(event);
    if (event.state === 'running') {
      progressRef.current?.(event);
      return;
    }
    tracked.current = null;
    setJobId(null);
    endRef.current(event);
  }, []);

  useEffect(
    () =>
      client.on('job.progress', (event) => {
        seen.current.set(event.jobId, event);
        if (seen.current.size > 100) seen.current.delete(seen.current.keys().next().value!);
        if (event.jobId === tracked.current) handle(event);
      }),
    [client, handle],
  );

  const cancel = useCallback(() => {
    if (jobId) client.call('jobs.cancel', { jobId }).catch((error) => showError(errorMessage(error)));
  }, [client, jobId, showError]);

  const track = useCallback(
    (id: string) => {
      tracked.current = id;
      setProgress(null);
      setJobId(id);
      const early = seen.current.get(id);
      if (early) handle(early);
    },
    [handle],
  );

  /**
   * Follows the job a method call starts. The bar turns to "running" at once, before the call
   * answers, so nobody (a person or a test) reads the previous job's end as this one's, and the
   * error banner of an earlier attempt goes.
   */
  const start = useCallback(
    (started: Promise<{ jobId: string }>): Promise<void> => {
      // Trying again: the previous attempt's error no longer describes what is on screen.
      showError(null);
      setStarting(true);
      setProgress(null);
      return started.then(({ jobId }) => track(jobId)).finally(() => setStarting(false));
    },
    [track, showError],
  );

  useEffect(() => {
    if (!resumeKind) return;
    client
      .call('jobs.list')
      .then((jobs) => {
        const active = jobs.find((j) => j.kind === resumeKind && j.state === 'running');
        if (active && tracked.current === null) track(active.jobId);
      })
      .catch((error) => showError(errorMessage(error)));
  }, [client, resumeKind, showError, track]);

  return { running: jobId !== null || starting, progress, start, cancel };
}
