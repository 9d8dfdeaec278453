import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImageSplit, ImageSummary, ImageThumbnail } from '../../../../shared/contract/domain.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';

const NO_IMAGES: { total: number; items: ImageSummary[] } = { total: 0, items: [] };
const NO_THUMBS = new Map<number, ImageThumbnail>();

/** Where a page starts: the next or previous page by keyset (as fast at the end of a million-image pool as at its start), any other by offset. */
type PageStart = { after: number } | { before: number } | { offset: number };

/**
 * A page of the project's images, filtered by split, with their thumbnails; `version` changes
 * read it again. A page past the end (the project shrank) turns into the last one. Not `active`
 * (the grid is searched or sorted instead), it reads only the split's total.
 */
export function useThumbnailPage(version: number, pageSize: number, active = true) {
  const client = useClient();
  const [split, setSplitState] = useState<ImageSplit | ''>('');
  const [nav, setNav] = useState<{ page: number; start: PageStart }>({ page: 0, start: { offset: 0 } });
  const { page, start } = nav;
  const answer = useLoad(
    useMemo(
      () => async () => {
        const list = await client.call('images.list', { limit: active ? pageSize : 1, ...start, ...(split ? { split } : {}) });
        const found = active && list.items.length ? await client.call('images.thumbnails', { ids: list.items.map((i) => i.id) }) : [];
        return { images: list, thumbs: new Map(found.map((t) => [t.id, t])) };
      },
      [client, start, pageSize, split, version, active],
    ),
  ).data;
  const images = answer?.images ?? NO_IMAGES;
  const pages = Math.max(1, Math.ceil(images.total / pageSize));
  const first = images.items[0]?.id;
  const last = images.items.at(-1)?.id;
  const setPage = useCallback(
    (next: number) => {
      if (next === page + 1 && last !== undefined) setNav({ page: next, start: { after: last } });
      else if (next === page - 1 && first !== undefined && next > 0) setNav({ page: next, start: { before: first } });
      else setNav({ page: next, start: { offset: next * pageSize } });
    },
    [page, first, last, pageSize],
  );
  useEffect(() => {
    if (page >= pages) setNav({ page: pages - 1, start: { offset: (pages - 1) * pageSize } });
  }, [page, pages, pageSize]);

  const setSplit = useCallback((value: ImageSplit | '') => {
    setSplitState(value);
    setNav({ page: 0, start: { offset: 0 } });
  }, []);
  return { loaded: answer !== undefined, split, setSplit, page, setPage, pages, images, thumbs: answer?.thumbs ?? NO_THUMBS };
}
