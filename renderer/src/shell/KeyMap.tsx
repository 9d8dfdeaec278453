import { VIEWS, useAppStore } from '../stores/appStore.js';
import { KeyTable } from '../widgets/KeyTable.js';
import { WORKFLOW_STEPS } from './workflowSteps.js';

const HELP_KEYS: Array<[string, string]> = [
  ['? or F1', 'Show or hide this help'],
  ['Esc', 'Close this help'],
];

const GLOBAL_KEYS: Array<[string, string]> = [
  ...VIEWS.map((v, i): [string, string] => [`Alt+${i + 1}`, `Go to ${v.label}`]),
  ['PageUp / PageDown', 'Previous / next page of a list or grid'],
  ['Home / End', 'First / last page'],
  ...HELP_KEYS,
];

const README_WALKTHROUGH = 'The README’s “The workflow, on the demo project” walks through every step on the demo.';

/**
 * The help panel (`?`, F1 or the top bar's button), in every view: what this view is for and its
 * keys, the workflow's steps with this one marked, and the keys that work everywhere. On the start
 * screen, with no project open, it says how to begin instead.
 */
export function KeyMap() {
  const open = useAppStore((s) => s.keyMapOpen);
  const toggle = useAppStore((s) => s.toggleKeyMap);
  const projectOpen = useAppStore((s) => s.project !== null);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label="Help" data-testid="key-map" onClick={() => toggle(false)}>
      <div className="panel help-panel" onClick={(e) => e.stopPropagation()}>
        <h2>Help</h2>
        {projectOpen ? <ProjectHelp /> : <StartHelp />}
      </div>
    </div>
  );
}

/** With no project open: the three ways in, where the README's walk-through starts, then the loop. */
function StartHelp() {
  return (
    <>
      <section data-testid="help-start">
        <h3>Getting started</h3>
        <ul className="help-start">
          <li>
            <strong>Open demo project</strong> builds a ready project the first time (generated street scenes, four models, their predictions) and opens it:
            the quickest way to try every step. From a terminal, <code>npx faultline demo FOLDER</code> builds it too.
          </li>
          <li>
            <strong>Open project</strong> opens a project folder you or a colleague made (tick Read-only to look without changing it); <strong>Recent</strong> lists
            the ones opened here before.
          </li>
          <li>
            <strong>New project</strong> creates one in an empty folder; then import your images in its Pool view and add your models in Models.
          </li>
        </ul>
        <p className="muted">{README_WALKTHROUGH} With the demo open, it goes on from its step 2, Mining.</p>
      </section>
      <section>
        <h3>The workflow</h3>
        <ol className="help-steps" data-testid="help-steps">
          {VIEWS.map((v) => (
            <li key={v.id}>
              <strong>{v.label}</strong>: {WORKFLOW_STEPS[v.id]}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h3>Keys</h3>
        <KeyTable keys={HELP_KEYS} />
      </section>
    </>
  );
}

/** In a project: this view and its keys, the loop with this view marked (each step opens its view), the keys everywhere. */
function ProjectHelp() {
  const toggle = useAppStore((s) => s.toggleKeyMap);
  const setView = useAppStore((s) => s.setView);
  const viewKeys = useAppStore((s) => s.viewKeys);
  const current = useAppStore((s) => s.view);
  const view = VIEWS.find((v) => v.id === current);
  return (
    <>
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
        <p className="muted">{README_WALKTHROUGH}</p>
      </section>
      <section>
        <h3>Everywhere</h3>
        <KeyTable keys={GLOBAL_KEYS} />
      </section>
    </>
  );
}
