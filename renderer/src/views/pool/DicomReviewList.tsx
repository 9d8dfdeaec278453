import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { useAppStore } from '../../stores/appStore.js';

type Review = MethodOutput<'images.dicomReview'>;
const PAGE = 50;

/**
 * The DICOM frames that may carry burned-in text and no one has cleared, each with its thumbnail
 * so a person can look for names or dates in the pixels and mark it reviewed. Reloaded whenever
 * `version` changes (an import ended); hidden when nothing is left to review.
 */
export function DicomReviewList({ version, readOnly }: { version: unknown; readOnly: boolean }) {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [review, setReview] = useState<Review | null>(null);
  const [thumbs, setThumbs] = useState<Map<number, string>>(new Map());

  const load = useCallback(async () => {
    const page = await client.call('images.dicomReview', { limit: PAGE });
    const found = page.items.length ? await client.call('images.thumbnails', { ids: page.items.map((i) => i.imageId) }) : [];
    setReview(page);
    setThumbs(new Map(found.map((t) => [t.id, t.dataUrl])));
  }, [client]);

  useEffect(() => {
    load().catch((error) => showError(errorMessage(error)));
  }, [load, showError, version]);

  if (!review || review.total === 0) return null;
  const markReviewed = (imageId: number): void => {
    client
      .call('images.dicomMarkReviewed', { imageId })
      .then(load)
      .catch((error) => showError(errorMessage(error)));
  };
  return (
    <section className="dicom-review" data-testid="dicom-review" aria-label="Burned-in text to review">
      <h3>Burned-in text to review ({review.total})</h3>
      <p className="muted">
        These DICOM frames may have names or dates drawn into the pixels, which de-identification cannot remove. Look at each and mark it reviewed when it
        shows nothing identifying; until then, do not share it or exports made from it.
      </p>
      <ul>
        {review.items.map((item) => (
          <li key={item.imageId} data-testid="dicom-review-row">
            {thumbs.get(item.imageId) && <img src={thumbs.get(item.imageId)} alt={`Frame ${item.frameNumber} of ${item.sourcePath}`} />}
            <span>
              {item.sourcePath} · frame {item.frameNumber} · {item.burnedIn === 'yes' ? 'the file says it has burned-in text' : 'its kind often has burned-in text'}
            </span>
            {!readOnly && (
              <button type="button" onClick={() => markReviewed(item.imageId)}>
                Mark reviewed
              </button>
            )}
          </li>
        ))}
      </ul>
      {review.total > review.items.length && <p className="muted">Showing the first {review.items.length}; mark these reviewed to see the rest.</p>}
    </section>
  );
}
