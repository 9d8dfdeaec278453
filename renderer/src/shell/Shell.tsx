import type { ProjectInfo } from '../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../clientContext.js';
import { VIEWS, useAppStore, type ViewId } from '../stores/appStore.js';
import { EditorView } from '../views/EditorView.js';
import { PlannedView } from '../views/PlannedView.js';
import { MiningView } from '../views/mining/MiningView.js';
import { ModelsView } from '../views/ModelsView.js';
import { RatingView } from '../views/rating/RatingView.js';
import { RoundsView } from '../views/rounds/RoundsView.js';
import { PoolView } from '../views/PoolView.js';
import { ErrorsView } from '../views/errors/ErrorsView.js';
import { QualityView } from '../views/quality/QualityView.js';
import { SlicesView } from '../views/slices/SlicesView.js';
import { ErrorBanner } from './ErrorBanner.js';
import { KeyMap } from './KeyMap.js';
import { useGlobalShortcuts } from './useGlobalShortcuts.js';

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
    default:
      return <PlannedView view={view} />;
  }
}

export function Shell({ project }: { project: ProjectInfo }) {
  const client = useClient();
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const showError = useAppStore((s) => s.showError);
  const connection = useAppStore((s) => s.connection);
  const toggleKeyMap = useAppStore((s) => s.toggleKeyMap);
  useGlobalShortcuts();

  const close = (): void => {
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
        <span className={`connection ${connection}`} data-testid="transport" title="How this window talks to the Faultline core">
          {client.transport.kind === 'ipc' ? 'Desktop' : `Browser · ${connection}`}
        </span>
        <button type="button" onClick={() => toggleKeyMap()} title="Keyboard shortcuts (?)">
          ?
        </button>
        <button type="button" onClick={close} data-testid="close-project">
          Close project
        </button>
      </header>
      <nav className="sidebar" aria-label="Workflow">
        {VIEWS.map((v, i) => (
          <button
            type="button"
            key={v.id}
            className={v.id === view ? 'active' : ''}
            aria-current={v.id === view ? 'page' : undefined}
            onClick={() => setView(v.id)}
            title={`Alt+${i + 1}`}
            data-testid={`nav-${v.id}`}
          >
            <span className="step">{i + 1}</span> {v.label}
          </button>
        ))}
      </nav>
      <main className="content" data-testid={`view-${view}`}>
        <ErrorBanner />
        <ViewBody view={view} />
      </main>
      <KeyMap />
    </div>
  );
}
