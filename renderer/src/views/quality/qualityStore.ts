import { create } from 'zustand';
import { useAppStore } from '../../stores/appStore.js';

export interface IssuePair {
  given: number;
  predicted: number;
}

/** An image of a run to score again, with the name its notice gives it. */
export interface RescoreTarget {
  imageId: number;
  runId: number;
  name: string;
}

/**
 * The Quality view's small UI state, kept outside the view so it survives a trip to the editor
 * (the view unmounts while the editor shows): the run, filters, page and selection, and the image
 * sent to the editor, which is rescored on the way back.
 */
interface QualityUiState {
  runId: number | null;
  page: number;
  selected: number;
  classId: number | null;
  pair: IssuePair | null;
  showMask: boolean;
  showFlagged: boolean;
  /** Opened in the editor from this view; rescored when the view shows again. */
  sentToEditor: RescoreTarget | null;
  setRun(runId: number | null): void;
  setPage(page: number): void;
  select(index: number): void;
  setClass(classId: number | null): void;
  setPair(pair: IssuePair | null): void;
  toggleMask(): void;
  toggleFlagged(): void;
  sendToEditor(target: RescoreTarget | null): void;
}

export const useQualityStore = create<QualityUiState>((set) => ({
  runId: null,
  page: 0,
  selected: 0,
  classId: null,
  pair: null,
  showMask: true,
  showFlagged: true,
  sentToEditor: null,
  setRun: (runId) => set({ runId, page: 0, selected: 0, pair: null }),
  setPage: (page) => set({ page, selected: 0 }),
  select: (selected) => set({ selected }),
  setClass: (classId) => set({ classId, pair: null, page: 0, selected: 0 }),
  setPair: (pair) => set({ pair, page: 0, selected: 0 }),
  toggleMask: () => set((s) => ({ showMask: !s.showMask })),
  toggleFlagged: () => set((s) => ({ showFlagged: !s.showFlagged })),
  sendToEditor: (sentToEditor) => set({ sentToEditor }),
}));

// Run ids belong to one project: after a switch the view starts again at the new project's newest run.
useAppStore.subscribe((s, prev) => {
  if (prev.project?.dir !== s.project?.dir) useQualityStore.setState({ runId: null, page: 0, selected: 0, classId: null, pair: null, sentToEditor: null });
});
