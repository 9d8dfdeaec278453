import { VIEWS, useAppStore } from '../stores/appStore.js';
import { KeyTable } from '../widgets/KeyTable.js';

const GLOBAL_KEYS: Array<[string, string]> = [
  ...VIEWS.map((v, i): [string, string] => [`Alt+${i + 1}`, `Go to ${v.label}`]),
  ['PageUp / PageDown', 'Previous / next page of a list or grid'],
  ['Home / End', 'First / last page'],
  ['?', 'Show or hide this key map'],
  ['Esc', 'Close this key map'],
];

export function KeyMap() {
  const open = useAppStore((s) => s.keyMapOpen);
  const toggle = useAppStore((s) => s.toggleKeyMap);
  const viewKeys = useAppStore((s) => s.viewKeys);
  const view = useAppStore((s) => VIEWS.find((v) => v.id === s.view)?.label ?? '');
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" data-testid="key-map" onClick={() => toggle(false)}>
      <div className="panel" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <KeyTable keys={GLOBAL_KEYS} />
        {viewKeys.length > 0 && (
          <>
            <h3>{view}</h3>
            <KeyTable keys={viewKeys} />
          </>
        )}
      </div>
    </div>
  );
}
