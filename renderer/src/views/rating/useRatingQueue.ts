import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import type { AcrScore } from '../../../../shared/rating/meanOpinionScore.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { overlayBitmap, paletteOf } from '../../overlay/labelMapOverlay.js';
import { loadPrediction, usePrediction } from '../../overlay/usePrediction.js';
import { useAppStore } from '../../stores/appStore.js';

type Queue = MethodOutput<'rating.queue'>;
const PREFETCH = 5;

/**
 * The rater's queue of one set: opens on the first candidate the rater has not rated, shows the
 * target's and one competitor's masks (Tab cycles through the competitors), fetches and decodes
 * the next images ahead, and records scores and undos at once, the core answering with progress.
 */
export function useRatingQueue(setId: number, rater: string, classes: ClassInfo[]) {
  const client = useClient();
  const showError = useAppStore((s) => s.showError);
  const [queue, setQueue] = useState<Queue | null>(null);
  const [index, setIndex] = useState(0);
  const [compare, setCompare] = useState(0);
  const shownAt = useRef(performance.now());
  const fail = useCallback((error: unknown) => showError(errorMessage(error)), [showError]);

  useEffect(() => {
    client
      .call('rating.queue', { setId, rater })
      .then((q) => {
        setQueue(q);
        const firstOpen = q.items.findIndex((item) => item.myScore === null && !item.myOutOfDomain);
        setIndex(firstOpen === -1 ? Math.max(0, q.items.length - 1) : firstOpen);
      })
      .catch(fail);
  }, [client, setId, rater, fail]);

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
      if (!queue || !item) return;
      const outOfDomain = score === null;
      const timeMs = performance.now() - shownAt.current;
      const at = index;
      setQueue({ ...queue, items: queue.items.map((x, i) => (i === at ? { ...x, myScore: score, myOutOfDomain: outOfDomain } : x)) });
      setIndex((i) => Math.min(queue.items.length - 1, i + 1));
      client
        .call('rating.rate', { setId: queue.setId, imageId: item.imageId, rater, score, outOfDomain, timeMs })
        .then((progress) => setQueue((q) => (q ? { ...q, progress } : q)))
        .catch(fail);
    },
    [client, queue, item, index, rater, fail],
  );

  const undo = useCallback(() => {
    if (!queue) return;
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
  }, [client, queue, rater, fail]);

  const next = useCallback(() => setIndex((i) => Math.min(items.length - 1, i + 1)), [items]);
  const previous = useCallback(() => setIndex((i) => Math.max(0, i - 1)), []);
  const compareNext = useCallback(() => setCompare((c) => c + 1), []);

  return { queue, items, item, index, next, previous, competitorId, compareNext, target, rival, palette, record, undo };
}
