import type { ClassInfo } from '../../../../shared/contract/domain.js';
import { UNLABELLED } from '../../../../shared/labels/unlabelled.js';
import { useCursorStore } from '../../editor/cursorStore.js';

/** The status bar under the stage: the pixel under the pointer and the class it holds. */
export function CursorStatus({ classes }: { classes: ClassInfo[] }) {
  const at = useCursorStore((s) => s.at);
  if (!at) return <div className="cursor-status muted" data-testid="cursor-status">Point at the image to see its class</div>;
  const c = classes.find((k) => k.id === at.label);
  return (
    <div className="cursor-status" data-testid="cursor-status" data-label={at.label}>
      <span className="muted">
        ({at.x}, {at.y})
      </span>{' '}
      {c ? (
        <>
          <i style={{ background: c.color }} /> <strong>{c.name}</strong>
        </>
      ) : at.label === UNLABELLED ? (
        'unlabelled'
      ) : (
        `id ${at.label} (not a class of this project)`
      )}
    </div>
  );
}
