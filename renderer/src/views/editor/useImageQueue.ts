import { useCallback, useMemo } from 'react';
import type { AnnotationQueueFilter, ImageSplit, Person } from '../../../../shared/contract/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';
import { useClient } from '../../hooks/clientContext.js';
import { useLoad, useMethod } from '../../hooks/useLoad.js';
import { queueRequest, useQueueFilters } from './queueFilters.js';

const NO_SETS: MethodOutput<'rounds.labelSets'> = [];
const NO_THUMBS = new Map<number, string>();

/** The sets to label and a page of the images to label with their thumbnails, by the filters (a new filter goes back to the first page). */
export function useImageQueue(person: Person, pageSize: number) {
  const client = useClient();
  const { filter, split, testSetId, page, set } = useQueueFilters();
  const sets = useLoad(useCallback(() => client.call('rounds.labelSets'), [client])).data ?? NO_SETS;
  const list =
    useMethod('annotations.queue', queueRequest({ filter, split, testSetId }, person.id, page, pageSize)).data ?? null;

  const ids = useMemo(() => list?.items.map((i) => i.image.id) ?? [], [list]);
  const thumbs =
    useLoad(
      useMemo(
        () => (ids.length === 0 ? null : () => client.call('images.thumbnails', { ids }).then((found) => new Map(found.map((t) => [t.id, t.dataUrl])))),
        [client, ids],
      ),
    ).data ?? NO_THUMBS;

  return {
    thumbs,
    filter,
    setFilter: (value: AnnotationQueueFilter) => set({ filter: value, page: 0 }),
    split,
    setSplit: (value: ImageSplit | '') => set({ split: value, page: 0 }),
    testSetId,
    setTestSetId: (value: number | '') => set({ testSetId: value, page: 0 }),
    page,
    setPage: (value: number) => set({ page: value }),
    pages: Math.max(1, Math.ceil((list?.total ?? 0) / pageSize)),
    sets,
    list,
  };
}
