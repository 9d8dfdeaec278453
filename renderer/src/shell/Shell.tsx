import { RETRY_DEADLINE_MS } from '../../../shared/client/pendingCalls.js';
import type { ProjectInfo } from '../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../hooks/clientContext.js';
import { VIEWS, useAppStore, type ConnectionStatus, type ViewId } from '../stores/appStore.js';
import { EditorView } from '../views/editor/EditorView.js';
import { MiningView } from '../views/mining/MiningView.js';
import { ModelsView } from '../views/models/ModelsView.js';
import { RatingView } from '../views/rating/RatingView.js';
import { RoundsView } from '../views/rounds/RoundsView.js';
import { PoolView } from '../views/pool/PoolView.js';
import { ErrorsView } from '../views/errors/ErrorsView.js';
import { QualityView } from '../views/quality/QualityView.js';
import { SlicesView } from '../views/slices/SlicesView.js';
import { ErrorBanner } from '../widgets/ErrorBanner.js';
import { KeyMap } from './KeyMap.js';
import { useState } from 'react';
import { PeoplePanel } from './people/PeoplePanel.js';
import { useGlobalShortcuts } from './useGlobalShortcuts.js';
import { ViewContext } from '../hooks/useShowError.js';

function ViewBody({ view }: { view: ViewId }) {
  switch (view) {
    case 'pool':
      return <PoolView />;
    case 'models':
      return <ModelsView />;
    case 'mining':
      return <MiningView />;
    case 'rating':
      return <RatingView />;
    case 'rounds':
      return <RoundsView />;
    case 'editor':
      return <EditorView />;
    case 'errors':
      return <ErrorsView />;
    case 'quality':
      return <QualityView />;
    case 'slices':
      return <SlicesView />;
  }
}

const RECONNECTING_TITLE =
  `The connection to the Faultline server dropped. What you do now is kept and sent once it is back, for up to ${RETRY_DEADLINE_MS / 1000} s.`;

const TOKEN_REFUSED_TITLE = 'The server was restarted with a new token: open the address it printed last.';

/** How this window talks to the core; in a browser, says so while a dropped socket is being reconnected. */
function ConnectionBadge({ desktop, connection }: { desktop: boolean; connection: ConnectionStatus }) {
  if (desktop) {
    return (
      <span className="connection open" data-testid="transport" title="How this window talks to the Faultline core">
        Desktop
      </span>
    );
  }
  // The shell shows only once the first connection answered, so anything but open here is a reconnect.
  const open = connection === 'open';
  const refused = connection === 'refused';
  return (
    <span
      className={`connection ${open ? 'open' : 'closed'}`}
      data-testid="transport"
      role="status"
      title={open ? 'How this window talks to the Faultline core' : refused ? TOKEN_REFUSED_TITLE : RECONNECTING_TITLE}
    >
      {open ? 'Browser · open' : refused ? 'Browser · token refused' : 'Browser · reconnecting…'}
    </span>
  );
}

export function Shell({ project }: { project: ProjectInfo }) {
  const client = useClient();
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const showError = useAppStore((s) => s.showError);
  const connection = useAppStore((s) => s.connection);
  const toggleKeyMap = useAppStore((s) => s.toggleKeyMap);
  const caller = useAppStore((s) => s.caller);
  const errorsElsewhere = useAppStore((s) => s.errorsElsewhere);
  const [peopleOpen, setPeopleOpen] = useState(false);
  const admin = caller?.kind === 'local' || (caller?.kind === 'person' && caller.person.roles.includes('admin'));
  useGlobalShortcuts();

  const close = (): void => {
    if (!useAppStore.getState().confirmLeave()) return;
    useAppStore.getState().setLeaveQuestion(null);
    client.call('project.close').catch((error) => showError(errorMessage(error)));
  };

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Faultline</span>
        <span className="project-name" data-testid="project-name" title={project.dir}>
          {project.name}
        </span>
        {project.readOnly && <span className="badge warn">read-only</span>}
        {project.isDemo && <span className="badge">demo</span>}
        <span className="spacer" />
        {caller?.kind === 'person' && (
          <span className="badge" data-testid="signed-in-as" title="Everything you rate, label and review carries this name">
            {caller.person.name} · {caller.person.roles.join(', ')}
          </span>
        )}
        <ConnectionBadge desktop={client.transport.kind === 'ipc'} connection={connection} />
        {admin && (
          <button type="button" onClick={() => setPeopleOpen(true)} data-testid="open-people">
            People
          </button>
        )}
        <button type="button" onClick={() => toggleKeyMap()} title="Help: this view, the workflow and the keys (? or F1)" aria-label="Help" data-testid="open-help">
          ?
        </button>
        {admin && (
          <button type="button" onClick={close} data-testid="close-project">
            Close project
          </button>
        )}
      </header>
      <nav className="sidebar" aria-label="Workflow">
        {VIEWS.map((v, i) => (
          <button
            type="button"
            key={v.id}
            className={v.id === view ? 'active' : ''}
            aria-current={v.id === view ? 'page' : undefined}
            onClick={() => setView(v.id)}
            title={errorsElsewhere[v.id] ? `Alt+${i + 1} · something went wrong here after you left: open the view to read it` : `Alt+${i + 1}`}
            data-testid={`nav-${v.id}`}
          >
            <span className="step">{i + 1}</span> {v.label}
            {errorsElsewhere[v.id] && (
              <span className="nav-error" aria-label="an error waits in this view" data-testid={`nav-error-${v.id}`}>
                !
              </span>
            )}
          </button>
        ))}
      </nav>
      <main className="content" data-testid={`view-${view}`}>
        <ErrorBanner />
        <ViewContext.Provider value={view}>
          <ViewBody view={view} />
        </ViewContext.Provider>
      </main>
      <KeyMap />
      {peopleOpen && <PeoplePanel onClose={() => setPeopleOpen(false)} />}
    </div>
  );
}
