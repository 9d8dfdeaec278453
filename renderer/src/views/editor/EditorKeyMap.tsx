import { EDITOR_KEYS } from '../../editor/editorKeys.js';
import { useAppStore } from '../../stores/appStore.js';
import { KeyTable } from '../../widgets/KeyTable.js';

/** The editor's keys, shown beside the shell's key map whenever `?` opens it. */
export function EditorKeyMap() {
  const open = useAppStore((s) => s.keyMapOpen);
  if (!open) return null;
  return (
    <aside className="editor-key-map" aria-label="Mask editor shortcuts" data-testid="editor-key-map">
      <h2>Mask editor</h2>
      <KeyTable keys={EDITOR_KEYS} />
    </aside>
  );
}
