import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '../../widgets/ErrorBanner.js';
import { JobProgressBar } from '../../widgets/JobProgressBar.js';
import { useAppStore } from '../../stores/appStore.js';
import { FolderField } from '../../widgets/FolderField.js';
import { KeyMap } from '../../shell/KeyMap.js';
import { useGlobalShortcuts } from '../../shell/useGlobalShortcuts.js';
import { useStart } from './useStart.js';

export function StartView() {
  const appInfo = useAppStore((s) => s.appInfo);
  const toggleKeyMap = useAppStore((s) => s.toggleKeyMap);
  const { recent, busy, demoProgress, openDemo, create, open, openRecent, forget } = useStart();
  useGlobalShortcuts(false);
  const [createDir, setCreateDir] = useState('');
  const [createName, setCreateName] = useState('');
  const [openDir, setOpenDir] = useState('');
  const [readOnly, setReadOnly] = useState(false);

  const submitCreate = (event: FormEvent): void => {
    event.preventDefault();
    create(createDir, createName);
  };
  const submitOpen = (event: FormEvent): void => {
    event.preventDefault();
    open(openDir, readOnly);
  };

  return (
    <div className="start" data-testid="start-view">
      <header className="start-header">
        <div>
          <h1>Faultline</h1>
          <p>Find where your segmentation model fails, and fix it.</p>
        </div>
        <button type="button" onClick={() => toggleKeyMap()} title="Help: how to begin, the workflow and the keys (? or F1)" aria-label="Help" data-testid="open-help">
          ?
        </button>
      </header>
      <ErrorBanner />
      <div className="start-grid">
        <section className="card">
          <h2>Demo</h2>
          <p>A ready project to try the whole loop: generated street scenes, four models, predictions. Built on first use (about a minute).</p>
          <button type="button" className="primary" disabled={busy || demoProgress !== null} onClick={openDemo} data-testid="open-demo">
            Open demo project
          </button>
          {demoProgress && <JobProgressBar progress={demoProgress} running={false} onCancel={() => undefined} />}
        </section>
        <form className="card" onSubmit={submitCreate} data-testid="create-form">
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
        <form className="card" onSubmit={submitOpen} data-testid="open-form">
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
                  <button type="button" className="link" disabled={busy} onClick={() => openRecent(p.dir)} title={p.dir}>
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
      <KeyMap />
    </div>
  );
}
