import { create } from 'zustand';

export interface CursorPixel {
  x: number;
  y: number;
  /** The label map's value there (255 unlabelled). */
  label: number;
}

/**
 * The image pixel under the pointer, for the editor's status bar. Kept apart from the editor's
 * settings store, whose every change redraws the stage.
 */
export const useCursorStore = create<{ at: CursorPixel | null; set(at: CursorPixel | null): void }>((set) => ({
  at: null,
  set: (at) => set({ at }),
}));
