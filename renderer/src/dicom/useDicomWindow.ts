import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DicomView } from '../../../shared/dicom/dicomView.js';
import { draggedWindow, windowPresets, type VoiWindow } from '../../../shared/dicom/window.js';
import { useClient } from '../hooks/clientContext.js';
import { openingWindow, seriesKey, useSeriesWindowStore } from './seriesWindow.js';
import { fetchFrameValues, windowedImageBlob } from './windowedImage.js';

export interface DicomWindowing {
  view: DicomView;
  window: VoiWindow;
  presets: VoiWindow[];
  /** The windowed frame's object URL, or null until the first render (the stored image shows meanwhile). */
  src: string | null;
  setWindow(window: VoiWindow): void;
  /** Back to the window the stored image shows, for this frame and the rest of its series. */
  reset(): void;
  /** The next (or previous) preset after the current one. */
  step(by: 1 | -1): void;
  /** Starts a window drag at a client point; the returned function moves it. */
  beginDrag(x: number, y: number): (x: number, y: number) => void;
}

export interface DicomFrameWindowing {
  /** Null for images not windowed here (see useDicomWindow). */
  windowing: DicomWindowing | null;
  /** Why a DICOM frame that should be windowed shows its stored image instead, or null. */
  unavailable: string | null;
}

/** The reason in an error, as the middle of a sentence. */
const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');

/**
 * Client-side windowing of a DICOM frame, as OHIF and cornerstone do it: the frame's modality
 * values are loaded once and each window change re-renders them (one render in flight, the
 * latest window wins), so dragging stays smooth. Null for images not from DICOM, colour frames,
 * and frames imported before values were kept: those show their stored image unchanged. A frame
 * whose values cannot be loaded shows its stored image too, with the reason in `unavailable`.
 * `imageId` is null while no image is shown.
 */
export function useDicomWindow(imageId: number | null, width: number | null, height: number | null): DicomFrameWindowing {
  const client = useClient();
  const [state, setState] = useState<{ view: DicomView; values: Float32Array; series: string } | null>(null);
  const [window, setWindowState] = useState<VoiWindow | null>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setState(null);
    setWindowState(null);
    setSrc(null);
    setUnavailable(null);
    if (imageId === null || !width || !height) return;
    void (async () => {
      const view = await client.call('images.dicomView', { imageId });
      if (!view?.values || !live) return;
      const values = await fetchFrameValues(client.transport.fileUrl(view.values.relPath), view.values, width * height);
      if (!live) return;
      const series = seriesKey(view);
      const { chosen, forget } = useSeriesWindowStore.getState();
      if (chosen && chosen.series !== series) forget();
      setState({ view, values, series });
      setWindowState(openingWindow(chosen, series, view.shownWindow ?? view.windows[0] ?? null));
    })().catch((error: unknown) => {
      if (live) setUnavailable(`Windowing unavailable for this frame: ${reasonOf(error)}; showing the stored image.`);
    });
    return () => {
      live = false;
    };
  }, [client, imageId, width, height]);

  // One render at a time; a window asked for meanwhile is rendered next, intermediate ones dropped.
  const shownFrame = useRef(state);
  shownFrame.current = state;
  const pump = useRef<{ busy: boolean; next: { frame: NonNullable<typeof state>; window: VoiWindow; width: number; height: number } | null }>({ busy: false, next: null });
  useEffect(() => {
    if (!state || !window || !width || !height) return;
    const p = pump.current;
    p.next = { frame: state, window, width, height };
    if (p.busy) return;
    p.busy = true;
    void (async () => {
      try {
        while (p.next) {
          const { frame, window: w, width: fw, height: fh } = p.next;
          p.next = null;
          const url = URL.createObjectURL(await windowedImageBlob(frame.values, fw, fh, w, frame.view.invert));
          // A render of the image shown before is dropped: it must never stand in for the next one.
          if (frame === shownFrame.current) setSrc(url);
          else URL.revokeObjectURL(url);
        }
      } finally {
        p.busy = false;
      }
    })();
  }, [state, window, width, height]);

  // Object URLs are released when the image changes (the previous one stays until the next is shown).
  useEffect(() => {
    return () => {
      if (src) setTimeout(() => URL.revokeObjectURL(src), 0);
    };
  }, [src]);

  const presets = useMemo(() => (state ? windowPresets({ ...state.view, values: state.view.values }) : []), [state]);
  const series = state?.series ?? null;
  // Every window the user picks becomes the series' window.
  const setWindow = useCallback(
    (w: VoiWindow) => {
      setWindowState(w);
      if (series !== null) useSeriesWindowStore.getState().choose(series, w);
    },
    [series],
  );
  const current = useRef(window);
  current.current = window;

  if (!state || !window) return { windowing: null, unavailable };
  const shown = state.view.shownWindow ?? presets[0] ?? window;
  const range = state.view.values ? state.view.values.max - state.view.values.min : 1;
  const windowing: DicomWindowing = {
    view: state.view,
    window,
    presets,
    src,
    setWindow,
    reset: () => {
      setWindowState(shown);
      useSeriesWindowStore.getState().forget();
    },
    step: (by) => {
      if (presets.length === 0) return;
      const at = presets.findIndex((p) => p.name === window.name && p.center === window.center && p.width === window.width);
      setWindow(presets[(at + by + presets.length) % presets.length]!);
    },
    beginDrag: (x0, y0) => {
      const start = current.current ?? window;
      return (x, y) => setWindow(draggedWindow(start, x - x0, y - y0, range));
    },
  };
  return { windowing, unavailable };
}
