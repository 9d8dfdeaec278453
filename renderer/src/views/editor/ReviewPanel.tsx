import type { ReviewMark, ReviewMarkKind } from '../../../../shared/contract/domain.js';
import { useEditorStore } from '../../editor/editorStore.js';
import { MARK_LABELS } from './MarkPins.js';

const KINDS = Object.keys(MARK_LABELS) as ReviewMarkKind[];

export interface ReviewPanelProps {
  marks: ReviewMark[];
  onChange(marks: ReviewMark[]): void;
  onDecide(decision: 'accepted' | 'returned'): void;
  busy: boolean;
}

/** The reviewer's side: what a click marks, the marks with comments, accept or return. */
export function ReviewPanel({ marks, onChange, onDecide, busy }: ReviewPanelProps) {
  const kind = useEditorStore((s) => s.markKind);
  const setKind = useEditorStore((s) => s.setMarkKind);
  const update = (index: number, change: Partial<ReviewMark>): void => onChange(marks.map((m, i) => (i === index ? { ...m, ...change } : m)));
  return (
    <section className="review-panel" data-testid="review-panel">
      <h2>Review</h2>
      <label className="field">
        A click on the image marks
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as ReviewMarkKind);
            e.currentTarget.blur();
          }}
          data-testid="mark-kind"
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {MARK_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <ol className="mark-list">
        {marks.map((m, i) => (
          <li key={i} data-testid="review-mark">
            <span>
              {MARK_LABELS[m.kind]} at ({Math.floor(m.x)}, {Math.floor(m.y)})
            </span>
            <input
              aria-label={`Comment on mark ${i + 1}`}
              value={m.comment}
              maxLength={1000}
              placeholder="comment (optional)"
              onChange={(e) => update(i, { comment: e.target.value })}
              onKeyDown={(e) => {
                // Enter or Esc ends the comment and gives the keys back to the review.
                if (e.key === 'Enter' || e.key === 'Escape') e.currentTarget.blur();
              }}
            />
            <button type="button" className="icon" aria-label={`Remove mark ${i + 1}`} onClick={() => onChange(marks.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ol>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => onDecide('accepted')} title="Shift+A" data-testid="accept">
          Accept
        </button>
        <button type="button" disabled={busy || marks.length === 0} onClick={() => onDecide('returned')} title="Shift+R" data-testid="return">
          Return for fixes
        </button>
      </div>
    </section>
  );
}

/** The marks a returned mask came back with, for the annotator fixing it. */
export function ReturnedMarks({ marks, reviewer }: { marks: ReviewMark[]; reviewer: string }) {
  return (
    <section className="review-panel returned" data-testid="returned-marks">
      <h2>Returned by {reviewer}</h2>
      <ol className="mark-list">
        {marks.map((m, i) => (
          <li key={i}>
            {MARK_LABELS[m.kind]} at ({Math.floor(m.x)}, {Math.floor(m.y)}){m.comment ? `: ${m.comment}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
