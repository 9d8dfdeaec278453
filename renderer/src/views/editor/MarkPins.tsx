import type { CSSProperties } from 'react';
import type { ReviewMark } from '../../../../shared/contract/domain.js';
import type { AttentionColour } from '../../../../shared/labels/attentionColour.js';
import { toScreen } from '../../editor/viewTransform.js';
import { useView, type ViewBus } from './viewBus.js';

export const MARK_LABELS: Record<ReviewMark['kind'], string> = {
  wrong_class: 'Wrong class',
  missing_region: 'Missing region',
  extra_region: 'Extra region',
  boundary: 'Boundary',
};

/**
 * Review marks pinned to their image points, following zoom and pan, in the project's attention
 * colour so no class region under a pin can pass for it; the kind is in the title and the list.
 */
export function MarkPins({ marks, bus, colour }: { marks: ReviewMark[]; bus: ViewBus; colour: AttentionColour }) {
  const view = useView(bus);
  return (
    <div className="mark-pins" style={{ '--mark-fill': colour.hex, '--mark-text': colour.text } as CSSProperties}>
      {marks.map((m, i) => {
        const p = toScreen(view, m.x, m.y);
        return (
          <span
            key={i}
            className="mark-pin"
            data-kind={m.kind}
            style={{ transform: `translate(${p.x}px, ${p.y}px)` }}
            title={`${MARK_LABELS[m.kind]}${m.comment ? `: ${m.comment}` : ''}`}
            data-testid="mark-pin"
          >
            {i + 1}
          </span>
        );
      })}
    </div>
  );
}
