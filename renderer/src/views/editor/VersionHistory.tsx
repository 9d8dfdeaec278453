import { useMethod } from '../../hooks/useLoad.js';
import { MARK_LABELS } from './MarkPins.js';

function minutes(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** Every version of the image and every review, newest first. */
export function VersionHistory({ imageId }: { imageId: number }) {
  const history = useMethod('annotations.history', { imageId }).data;
  if (!history || history.versions.length === 0) return <p className="muted">No submitted versions yet.</p>;
  return (
    <ol className="version-history" reversed data-testid="version-history">
      {[...history.versions].reverse().map((v) => (
        <li key={v.id}>
          <strong>v{v.version}</strong> {v.status} · {v.authorName} · {minutes(v.timeMs)} · {new Date(v.createdAt).toLocaleString()}
          <ul>
            {history.reviews
              .filter((r) => r.annotationId === v.id)
              .map((r) => (
                <li key={r.id}>
                  {r.decision} by {r.reviewerName}
                  {r.marks.map((m, i) => (
                    <div key={i} className="muted">
                      {i + 1}. {MARK_LABELS[m.kind]}
                      {m.comment ? `: ${m.comment}` : ''}
                    </div>
                  ))}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
