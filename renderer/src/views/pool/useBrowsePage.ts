import { useCallback, useMemo, useState } from 'react';
import type { ImageBrowseCursor, ImageBrowseOrder, ImageSplit, ImageSummary, ImageThumbnail } from '../../../../shared/contract/domain.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad } from '../../hooks/useLoad.js';

export interface BrowseQuery {
  split: ImageSplit | '';
  order: ImageBrowseOrder;
  search: string;
}

const NO_IMAGES: ImageSummary[] = [];
const NO_THUMBS = new Map<number, ImageThumbnail>();

/**
 * A page of the project's images sorted and searched (images.browse), with their thumbnails;
 * null `query` loads nothing. Pages go forward by the cursor the last answer gave and back by the
 * cursors kept on the way, so no page costs more than the first; the number of pages is not
 * known, only whether another follows.
 */
export function useBrowsePage(query: BrowseQuery | null, version: number, pageSize: number) {
  const client = useClient();
  // The cursor each visited page started from; a new query starts again at its first page.
  const [trail, setTrail] = useState<{ key: string; starts: Array<ImageBrowseCursor | undefined> }>({ key: '', starts: [undefined] });
  const key = query ? JSON.stringify(query) : '';
  const starts = trail.key === key ? trail.starts : [undefined];
  const page = starts.length - 1;
  const after = starts[page];
  const answer = useLoad(
    useMemo(() => {
      if (!query) return null;
      return async () => {
        const list = await client.call('images.browse', {
          order: query.order,
          limit: pageSize,
          ...(query.split ? { split: query.split } : {}),
          ...(query.search.trim() ? { nameContains: query.search } : {}),
          ...(after ? { after } : {}),
        });
        const found = list.items.length ? await client.call('images.thumbnails', { ids: list.items.map((i) => i.id) }) : [];
        return { list, thumbs: new Map(found.map((t) => [t.id, t])) };
      };
      // `key` stands for the query's fields; version asks again after an import.
    }, [client, key, after, pageSize, version]),
  ).data;
  const next = answer?.list.next ?? null;
  const setPage = useCallback(
    (to: number) => {
      if (to === page + 1 && next) setTrail({ key, starts: [...starts, next] });
      else if (to < page && to >= 0) setTrail({ key, starts: starts.slice(0, to + 1) });
    },
    [key, next, page, starts],
  );
  return {
    loaded: answer !== undefined,
    items: answer?.list.items ?? NO_IMAGES,
    thumbs: answer?.thumbs ?? NO_THUMBS,
    page,
    hasNext: next !== null,
    setPage,
  };
}
