import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImageSplit, ImageSummary, ImageThumbnail } from '../../../../shared/contract/domain.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';

const NO_IMAGES: { total: number; items: ImageSummary[] } = { total: 0, items: [] };
const NO_THUMBS = new Map<number, ImageThumbnail>();

/**
 * A page of the project's images, filtered by split, with their thumbnails; `version` changes
 * read it again. A page past the end (the project shrank) turns into the last one.
 */
export function useThumbnailPage(version: number, pageSize: number) {
  const client = useClient();
  const [split, setSplitState] = useState<ImageSplit | ''>('');
  const [page, setPage] = useState(0);
  const answer = useLoad(
    useMemo(
      () => async () => {
        const list = await client.call('images.list', { offset: page * pageSize, limit: pageSize, ...(split ? { split } : {}) });
        const found = list.items.length ? await client.call('images.thumbnails', { ids: list.items.map((i) => i.id) }) : [];
        return { images: list, thumbs: new Map(found.map((t) => [t.id, t])) };
      },
      [client, page, pageSize, split, version],
    ),
  ).data;
  const images = answer?.images ?? NO_IMAGES;
  const pages = Math.max(1, Math.ceil(images.total / pageSize));
  useEffect(() => {
    if (page >= pages) setPage(pages - 1);
  }, [page, pages]);

  const setSplit = useCallback((value: ImageSplit | '') => {
    setSplitState(value);
    setPage(0);
  }, []);
  return { loaded: answer !== undefined, split, setSplit, page, setPage, pages, images, thumbs: answer?.thumbs ?? NO_THUMBS };
}
