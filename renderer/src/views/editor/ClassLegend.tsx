import type { ClassInfo } from '../../../../shared/contract/domain.js';
import { useEditorStore } from '../../editor/editorStore.js';

/** Every class with its colour, always on screen; the first ten answer to 1…9 and 0. */
export function ClassLegend({ classes, disabled }: { classes: ClassInfo[]; disabled: boolean }) {
  const classId = useEditorStore((s) => s.classId);
  const setClass = useEditorStore((s) => s.setClass);
  return (
    <ol className="class-legend" aria-label="Classes" data-testid="class-legend">
      {classes.map((c, i) => (
        <li key={c.id}>
          <button
            type="button"
            aria-pressed={c.id === classId}
            disabled={disabled}
            onClick={() => setClass(c.id)}
            data-testid={`class-${c.id}`}
            title={c.superclass ? `${c.name} (${c.superclass})` : c.name}
          >
            <i style={{ background: c.color }} />
            <span className="class-name">{c.name}</span>
            {i < 10 && <kbd>{(i + 1) % 10}</kbd>}
          </button>
        </li>
      ))}
      <li className="muted legend-unlabelled">
        <i className="unlabelled-swatch" /> unlabelled (eraser)
      </li>
    </ol>
  );
}
