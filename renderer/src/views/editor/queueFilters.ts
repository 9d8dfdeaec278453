import { create } from 'zustand';
import type { AnnotationQueueFilter, ImageSplit } from '../../../../shared/contract/domain.js';

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
