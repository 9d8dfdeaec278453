import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import type { AcrScore } from '../../../../shared/rating/meanOpinionScore.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { overlayBitmap, paletteOf } from '../../overlay/labelMapOverlay.js';
import { loadPrediction, usePrediction } from '../../overlay/usePrediction.js';
import { useShowError } from '../../hooks/useShowError.js';

type Queue = MethodOutput<'rating.queue'>;

/** A rating sent and not yet confirmed by the server. */
export interface PendingRating {
  imageId: number;
  name: string;
  score: AcrScore | null;
}
const PREFETCH = 5;

/**
 * The rater's queue of one set: opens on the first candidate the rater has not rated, shows the
 * target's and one competitor's masks (Tab cycles through the competitors), fetches and decodes
 * the next images ahead, and records scores and undos. A rating counts only once the server
 * confirms it: until then the queue stays on the image, marked as saving, and takes no other
 * rating; if it is never confirmed (the server stayed unreachable) the image is still unrated, the
 * queue still on it, and the banner names it. The transport re-sends the call with its request id
 * when the connection comes back, so a rating is never applied twice.
 * A lab member is handed their images by the server (`rating.claim`: the next one they have not
 * rated that nobody else holds), so two people never rate the same image at the same moment; and
 * what others rate shows in the progress line as it happens.
 */
export function useRatingQueue(setId: number, rater: string, classes: ClassInfo[], signedIn: boolean) {
  const client = useClient();
  const showError = useShowError();
  const [queue, setQueue] = useState<Queue | null>(null);
  const [index, setIndex] = useState(0);
  const [compare, setCompare] = useState(0);
  const [saving, setSaving] = useState<PendingRating | null>(null);
  const shownAt = useRef(performance.now());
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);

  /** Moves to the image the server leased to this lab member, if it handed one out. */
  const claimNext = useCallback(
    (items: Queue['items']) =>
      client.call('rating.claim', { setId }).then(({ imageId }) => {
        const at = items.findIndex((x) => x.imageId === imageId);
        if (at >= 0) setIndex(at);
      }),
    [client, setId],
  );

  useEffect(() => {
    client
      .call('rating.queue', { setId, rater })
      .then((q) => {
        setQueue(q);
        const firstOpen = q.items.findIndex((item) => item.myScore === null && !item.myOutOfDomain);
        setIndex(firstOpen === -1 ? Math.max(0, q.items.length - 1) : firstOpen);
        if (signedIn) return claimNext(q.items);
      })
      .catch(fail);
  }, [client, setId, rater, signedIn, claimNext, fail]);

  // Someone else's rating in this set: refresh the progress line only (the rater's own place and ratings stay).
  useEffect(
    () =>
      client.on('lab.activity', (event) => {
        if (event.setId !== setId || event.by === rater) return;
        client
          .call('rating.queue', { setId, rater })
          .then((q) => setQueue((current) => (current ? { ...current, progress: q.progress } : q)))
          .catch(fail);
      }),
    [client, setId, rater, fail],
  );

  const items = useMemo(() => queue?.items ?? [], [queue]);
  const item = items[index] ?? null;
  const competitorId = queue?.competitorIds.length ? queue.competitorIds[compare % queue.competitorIds.length]! : null;
  const target = usePrediction(client, item?.imageId ?? null, queue?.targetId ?? null);
  const rival = usePrediction(client, item?.imageId ?? null, competitorId);
  const palette = useMemo(() => paletteOf(classes), [classes]);

  useEffect(() => {
    shownAt.current = performance.now();
    if (!queue) return;
    for (const next of queue.items.slice(index + 1, index + 1 + PREFETCH)) {
      const img = new Image();
      img.src = client.transport.fileUrl(next.relPath);
      void img.decode().catch(() => undefined);
      for (const modelId of [queue.targetId, competitorId]) {
        if (modelId === null) continue;
        void loadPrediction(client, next.imageId, modelId)
          .then((p) => p && overlayBitmap(p.map, p.width, p.height, palette))
          .catch(() => undefined);
      }
    }
  }, [client, queue, index, competitorId, palette]);

  const record = useCallback(
    (score: AcrScore | null) => {
      if (!queue || !item || saving) return;
      const outOfDomain = score === null;
      const timeMs = performance.now() - shownAt.current;
      const { imageId } = item;
      setSaving({ imageId, name: imageDisplayName(item), score });
      client
        .call('rating.rate', { setId: queue.setId, imageId, rater, score, outOfDomain, timeMs })
        .then((progress) => {
          setQueue((q) => (q ? { ...q, progress, items: q.items.map((x) => (x.imageId === imageId ? { ...x, myScore: score, myOutOfDomain: outOfDomain } : x)) } : q));
          // Moves on only from the image just rated: the rater may have stepped elsewhere meanwhile.
          setIndex((i) => (queue.items[i]?.imageId === imageId ? Math.min(queue.items.length - 1, i + 1) : i));
          if (signedIn) return claimNext(queue.items);
        })
        .catch((error) => showError(`Your rating of ${imageDisplayName(item)} was not saved, so the queue stayed on it: ${errorMessage(error)}`))
        .finally(() => setSaving(null));
    },
    [client, queue, item, rater, saving, showError, signedIn, claimNext],
  );

  const undo = useCallback(() => {
    if (!queue || saving) return;
    client
      .call('rating.undo', { setId: queue.setId, rater })
      .then(({ imageId, progress }) => {
        if (imageId === null) return;
        setQueue((q) =>
          q ? { ...q, progress, items: q.items.map((x) => (x.imageId === imageId ? { ...x, myScore: null, myOutOfDomain: false } : x)) } : q,
        );
        const at = queue.items.findIndex((x) => x.imageId === imageId);
        if (at >= 0) setIndex(at);
      })
      .catch(fail);
  }, [client, queue, rater, saving, fail]);

  const next = useCallback(() => setIndex((i) => Math.min(items.length - 1, i + 1)), [items]);
  const previous = useCallback(() => setIndex((i) => Math.max(0, i - 1)), []);
  const compareNext = useCallback(() => setCompare((c) => c + 1), []);

  return { queue, items, item, index, next, previous, competitorId, compareNext, target, rival, palette, record, undo, saving };
}
