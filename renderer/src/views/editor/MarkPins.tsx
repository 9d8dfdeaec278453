import type { ReviewMark } from '../../../../shared/contract/domain.js';
import { toScreen } from '../../editor/viewTransform.js';
import { useView, type ViewBus } from './viewBus.js';

export const MARK_LABELS: Record<ReviewMark['kind'], string> = {
  wrong_class: 'Wrong class',
  missing_region: 'Missing region',
  extra_region: 'Extra region',
  boundary: 'Boundary',
};

/** Review marks pinned to their image points, following zoom and pan. */
export function MarkPins({ marks, bus }: { marks: ReviewMark[]; bus: ViewBus }) {
  const view = useView(bus);
  return (
    <div className="mark-pins">
      {marks.map((m, i) => {
        const p = toScreen(view, m.x, m.y);
        return (
          <span
            key={i}
            className={`mark-pin ${m.kind}`}
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
