import { VIEWS, useAppStore } from '../stores/appStore.js';
import { KeyTable } from '../widgets/KeyTable.js';
import { WORKFLOW_STEPS } from './workflowSteps.js';

const GLOBAL_KEYS: Array<[string, string]> = [
  ...VIEWS.map((v, i): [string, string] => [`Alt+${i + 1}`, `Go to ${v.label}`]),
  ['PageUp / PageDown', 'Previous / next page of a list or grid'],
  ['Home / End', 'First / last page'],
  ['? or F1', 'Show or hide this help'],
  ['Esc', 'Close this help'],
];

/**
 * The help panel (`?`, F1 or the top bar's button), in every view: what this view is for and its
 * keys, the workflow's steps with this one marked, and the keys that work everywhere.
 */
export function KeyMap() {
  const open = useAppStore((s) => s.keyMapOpen);
  const toggle = useAppStore((s) => s.toggleKeyMap);
  const setView = useAppStore((s) => s.setView);
  const viewKeys = useAppStore((s) => s.viewKeys);
  const current = useAppStore((s) => s.view);
  const view = VIEWS.find((v) => v.id === current);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label="Help" data-testid="key-map" onClick={() => toggle(false)}>
      <div className="panel help-panel" onClick={(e) => e.stopPropagation()}>
        <h2>Help</h2>
        {view && (
          <section data-testid="help-view">
            <h3>{view.label}</h3>
            <p>{WORKFLOW_STEPS[view.id]}</p>
            {viewKeys.length > 0 ? <KeyTable keys={viewKeys} /> : <p className="muted">This view has no keys of its own.</p>}
          </section>
        )}
        <section>
          <h3>The workflow</h3>
          <ol className="help-steps" data-testid="help-steps">
            {VIEWS.map((v, i) => (
              <li key={v.id} aria-current={v.id === current ? 'step' : undefined}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setView(v.id);
                    toggle(false);
                  }}
                  title={`Alt+${i + 1}`}
                >
                  {v.label}
                </button>
                : {WORKFLOW_STEPS[v.id]}
              </li>
            ))}
          </ol>
          <p className="muted">The README’s “The workflow, on the demo project” walks through every step on the demo.</p>
        </section>
        <section>
          <h3>Everywhere</h3>
          <KeyTable keys={GLOBAL_KEYS} />
        </section>
      </div>
    </div>
  );
}
