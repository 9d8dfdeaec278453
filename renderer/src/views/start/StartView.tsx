import { useEffect, useState, type FormEvent } from 'react';
import type { RecentProject } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import type { JobProgress } from '../../hooks/useJob.js';
import { ErrorBanner } from '../../widgets/ErrorBanner.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { useAppStore } from '../../stores/appStore.js';
import { FolderField } from '../../widgets/FolderField.js';


export function StartView() {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const appInfo = useAppStore((s) => s.appInfo);
  const [recent, setRecent] = useState<RecentProject[]>([]);
  const [createDir, setCreateDir] = useState('');
  const [createName, setCreateName] = useState('');
  const [openDir, setOpenDir] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [busy, setBusy] = useState(false);

  const [demoProgress, setDemoProgress] = useState<JobProgress | null>(null);

  useEffect(() => {
    client.call('project.recent').then(setRecent).catch((error) => showError(errorMessage(error)));
    // The demo is built on first use (also when the desktop app starts on it): show how far it is.
    return client.on('job.progress', (event) => {
      if (event.kind === 'demo') setDemoProgress(event.state === 'running' ? event : null);
    });
  }, [client, showError]);

  const run = (work: () => Promise<unknown>): void => {
    setBusy(true);
    showError(null);
    work()
      .catch((error) => showError(errorMessage(error)))
      .finally(() => setBusy(false));
  };

  const create = (event: FormEvent): void => {
    event.preventDefault();
    run(() => client.call('project.create', { dir: createDir.trim(), ...(createName.trim() ? { name: createName.trim() } : {}) }));
  };
  const open = (event: FormEvent): void => {
    event.preventDefault();
    run(() => client.call('project.open', { dir: openDir.trim(), readOnly }));
  };
  const forget = (dir: string): void => {
    client
      .call('project.forgetRecent', { dir })
      .then(() => setRecent((list) => list.filter((p) => p.dir !== dir)))
      .catch((error) => showError(errorMessage(error)));
  };

  return (
    <div className="start" data-testid="start-view">
      <header>
        <h1>Faultline</h1>
        <p>Find where your segmentation model fails, and fix it.</p>
      </header>
      <ErrorBanner />
      <div className="start-grid">
        <section className="card">
          <h2>Demo</h2>
          <p>A ready project to try the whole loop: generated street scenes, four models, predictions. Built on first use (about a minute).</p>
          <button type="button" className="primary" disabled={busy || demoProgress !== null} onClick={() => run(() => client.call('project.openDemo'))} data-testid="open-demo">
            Open demo project
          </button>
          {demoProgress && <JobProgressBar progress={demoProgress} running={false} onCancel={() => undefined} />}
        </section>
        <form className="card" onSubmit={create} data-testid="create-form">
          <h2>New project</h2>
          <FolderField id="create-dir" label="Project folder" placeholder="/path/to/project" value={createDir} onChange={setCreateDir} />
          <div className="field">
            <label htmlFor="create-name">Name (optional)</label>
            <input id="create-name" value={createName} onChange={(e) => setCreateName(e.target.value)} />
          </div>
          <button type="submit" className="primary" disabled={busy || !createDir.trim()}>
            Create project
          </button>
        </form>
        <form className="card" onSubmit={open} data-testid="open-form">
          <h2>Open project</h2>
          <FolderField id="open-dir" label="Project folder" placeholder="/path/to/project" value={openDir} onChange={setOpenDir} />
          <label className="check">
            <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> Read-only
          </label>
          <button type="submit" className="primary" disabled={busy || !openDir.trim()}>
            Open project
          </button>
        </form>
        <section className="card" data-testid="recent-projects">
          <h2>Recent</h2>
          {recent.length === 0 ? (
            <p className="empty">No recent projects.</p>
          ) : (
            <ul className="recent">
              {recent.map((p) => (
                <li key={p.dir}>
                  <button type="button" className="link" disabled={busy} onClick={() => run(() => client.call('project.open', { dir: p.dir }))} title={p.dir}>
                    {p.name}
                  </button>
                  <span className="muted">{p.dir}</span>
                  <button type="button" className="icon" aria-label={`Forget ${p.name}`} onClick={() => forget(p.dir)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <footer className="muted">
        Faultline {appInfo?.version} · {appInfo?.host === 'electron' ? 'desktop app' : 'server host in a browser'} · project schema{' '}
        {appInfo?.schemaVersion}
      </footer>
    </div>
  );
}
