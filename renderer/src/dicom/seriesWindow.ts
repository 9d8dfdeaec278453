import { create } from 'zustand';
import type { VoiWindow } from '../../../shared/dicom/window.js';

/** Frames with the same key share a chosen window: one modality in one series. */
export function seriesKey(view: { modality: string; seriesUid: string }): string {
  return `${view.modality}|${view.seriesUid}`;
}

/** A window the user chose (by drag, preset or key) on a frame of a series. */
export interface ChosenWindow {
  series: string;
  window: VoiWindow;
}

/**
 * The window a frame opens with. A radiologist windows once and pages through a series (as in
 * OHIF's synchronised viewports), so a window chosen on a frame of the same series carries over;
 * any other frame opens with the window its stored image shows.
 */
export function openingWindow(chosen: ChosenWindow | null, series: string, own: VoiWindow | null): VoiWindow | null {
  return chosen?.series === series ? chosen.window : own;
}

/**
 * The chosen window, shared by the editor and the rating queue. Forgotten on a reset (Shift+W) and
 * when a frame of another series opens, so it never leaks into a series it was not chosen for.
 */
export const useSeriesWindowStore = create<{ chosen: ChosenWindow | null; choose(series: string, window: VoiWindow): void; forget(): void }>((set) => ({
  chosen: null,
  choose: (series, window) => set({ chosen: { series, window } }),
  forget: () => set({ chosen: null }),
}));
