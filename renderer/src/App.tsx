import { useEffect } from 'react';
import { errorMessage, useClient } from './hooks/clientContext.js';
import { Shell } from './shell/Shell.js';
import { TokenRefused } from './shell/TokenRefused.js';
import { useAppStore } from './stores/appStore.js';
import { StartView } from './views/start/StartView.js';

export function App() {
  const client = useClient();
  const project = useAppStore((s) => s.project);
  const setProject = useAppStore((s) => s.setProject);
  const setAppInfo = useAppStore((s) => s.setAppInfo);
  const setCaller = useAppStore((s) => s.setCaller);
  const showError = useAppStore((s) => s.showError);
  const ready = useAppStore((s) => s.appInfo !== null);
  const refused = useAppStore((s) => s.connection === 'refused');

  useEffect(() => {
    const off = client.on('project.changed', ({ project: next }) => setProject(next));
    Promise.all([client.call('app.info'), client.call('project.current'), client.call('lab.me')])
      .then(([info, current, caller]) => {
        setCaller(caller);
        setAppInfo(info);
        setProject(current);
      })
      .catch((error) => showError(errorMessage(error)));
    return off;
  }, [client, setAppInfo, setCaller, setProject, showError]);

  if (!ready) return refused ? <TokenRefused /> : <div className="loading" aria-busy="true">Connecting to Faultline…</div>;
  return (
    <>
      {refused && <TokenRefused />}
      {project ? <Shell project={project} /> : <StartView />}
    </>
  );
}
