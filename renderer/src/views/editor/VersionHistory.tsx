import { useEffect, useState } from 'react';
import type { AnnotationVersion, ReviewRecord } from '../../../../shared/contract/domain.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';
import { MARK_LABELS } from './MarkPins.js';

function minutes(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** Every version of the image and every review, newest first. */
export function VersionHistory({ imageId }: { imageId: number }) {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [history, setHistory] = useState<{ versions: AnnotationVersion[]; reviews: ReviewRecord[] } | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('annotations.history', { imageId })
      .then((h) => live && setHistory(h))
      .catch((error) => showError(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [client, imageId, showError]);
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
