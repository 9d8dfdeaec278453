import { useCallback, useEffect, useState } from 'react';
import type { RecentProject } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import type { JobProgress } from '../../hooks/useJob.js';
import { useAppStore } from '../../stores/appStore.js';

/**
 * The start screen's data: the recent projects, the progress of the demo while it is built, and
 * opening, creating and forgetting projects (one at a time: `busy` until the core answers).
 */
export function useStart() {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [recent, setRecent] = useState<RecentProject[]>([]);
  const [busy, setBusy] = useState(false);
  const [demoProgress, setDemoProgress] = useState<JobProgress | null>(null);

  useEffect(() => {
    client.call('project.recent').then(setRecent).catch((error) => showError(errorMessage(error)));
    // The demo is built on first use (also when the desktop app starts on it): show how far it is.
    return client.on('job.progress', (event) => {
      if (event.kind === 'demo') setDemoProgress(event.state === 'running' ? event : null);
    });
  }, [client, showError]);

  const run = useCallback(
    (work: () => Promise<unknown>): void => {
      setBusy(true);
      showError(null);
      work()
        .catch((error) => showError(errorMessage(error)))
        .finally(() => setBusy(false));
    },
    [showError],
  );

  const openDemo = useCallback(() => run(() => client.call('project.openDemo')), [client, run]);
  const create = useCallback(
    (dir: string, name: string) => run(() => client.call('project.create', { dir: dir.trim(), ...(name.trim() ? { name: name.trim() } : {}) })),
    [client, run],
  );
  const open = useCallback((dir: string, readOnly: boolean) => run(() => client.call('project.open', { dir: dir.trim(), readOnly })), [client, run]);
  const openRecent = useCallback((dir: string) => run(() => client.call('project.open', { dir })), [client, run]);
  const forget = useCallback(
    (dir: string): void => {
      client
        .call('project.forgetRecent', { dir })
        .then(() => setRecent((list) => list.filter((p) => p.dir !== dir)))
        .catch((error) => showError(errorMessage(error)));
    },
    [client, showError],
  );

  return { recent, busy, demoProgress, openDemo, create, open, openRecent, forget };
}
