import { create } from 'zustand';
import type { AnnotationQueueFilter, ImageSplit } from '../../../../shared/contract/domain.js';
import type { MethodInput } from '../../../../shared/contract/methods.js';

/** Images per page of the editor's image list. */
export const QUEUE_PAGE = 50;

interface QueueFilters {
  filter: AnnotationQueueFilter;
  split: ImageSplit | '';
  testSetId: number | '';
  page: number;
  set(patch: Partial<Omit<QueueFilters, 'set'>>): void;
}

/** The image list's filters outlive a visit to the editor, so labelling a set goes image after image. */
export const useQueueFilters = create<QueueFilters>((set) => ({
  filter: 'all',
  split: '',
  testSetId: '',
  page: 0,
  set: (patch) => set(patch),
}));

/** The `annotations.queue` request for one page of the list as filtered, as AUTHORID sees it. */
export function queueRequest(
  { filter, split, testSetId }: Pick<QueueFilters, 'filter' | 'split' | 'testSetId'>,
  authorId: number,
  page: number,
  pageSize = QUEUE_PAGE,
): MethodInput<'annotations.queue'> {
  return { filter, authorId, ...(split ? { split } : {}), ...(testSetId !== '' ? { testSetId } : {}), offset: page * pageSize, limit: pageSize };
}
