import type { AssistAcceptTiming, AssistClickTiming, AssistController } from './assistController.js';
import type { EditorSurface, SurfaceStats } from './editorSurface.js';
import type { LabelMapEditor } from './labelMapEditor.js';
import type { View } from './viewTransform.js';

/**
 * What end-to-end tests and the benchmark read from the open editor. Installed only when the
 * page was started with `window.__FAULTLINE_TEST_HOOKS__ = true` (Playwright's addInitScript),
 * so the shipped app exposes nothing.
 */
export interface EditorProbe {
  imageId: number;
  width: number;
  height: number;
  labelAt(x: number, y: number): number;
  /** Pixels per class id present. */
  counts(): Record<number, number>;
  /** Client coordinates of an image point, to click an exact pixel. */
  clientPoint(x: number, y: number): { x: number; y: number };
  view(): View;
  revision(): number;
  undoDepth(): number;
  memory(): { labelBytes: number; historyBytes: number; gpuBytes: number };
  stats(): SurfaceStats;
  /** The assist tool: its state, the object's clicks, the preview's pixels, previews painted and click → preview times. */
  assist(): { state: string; points: number; pending: boolean; previewPixels: number; painted: number; paintedAt: number; timings: AssistClickTiming[] };
  /** Previews painted, the latest one's time and its click's timing: what a benchmark reads per click, without counting a preview's pixels. */
  assistLatest(): { painted: number; paintedAt: number; timing: AssistClickTiming | null };
  /** Resolves once more than `count` previews have been painted: a wait that does not poll the page (polling draws frames, and takes the CPU a click needs). */
  assistPaintedBeyond(count: number): Promise<void>;
  /** The latest Enter's timing, once its mask is in the label map. */
  assistAcceptLatest(): AssistAcceptTiming | null;
}

declare global {
  interface Window {
    __FAULTLINE_TEST_HOOKS__?: boolean;
    faultlineEditorProbe?: EditorProbe | undefined;
  }
}

export function exposeProbe(imageId: number, editor: LabelMapEditor, surface: EditorSurface, assist: AssistController): () => void {
  if (!window.__FAULTLINE_TEST_HOOKS__) return () => {};
  window.faultlineEditorProbe = {
    imageId,
    width: editor.width,
    height: editor.height,
    labelAt: (x, y) => editor.labels[y * editor.width + x]!,
    counts: () => {
      const n = new Array<number>(256).fill(0);
      for (const v of editor.labels) n[v]!++;
      return Object.fromEntries(n.flatMap((c, id) => (c > 0 ? [[id, c]] : [])));
    },
    clientPoint: (x, y) => surface.clientPoint(x, y),
    view: () => ({ ...surface.view }),
    revision: () => editor.revision,
    undoDepth: () => editor.undoDepth,
    memory: () => ({ labelBytes: editor.labels.byteLength, historyBytes: editor.historyBytes, gpuBytes: surface.gpuBytes }),
    stats: () => ({ ...surface.stats }),
    assist: () => ({
      state: assist.status.state,
      points: assist.object.points.length,
      pending: assist.object.pending,
      previewPixels: assist.object.preview?.inside ?? 0,
      painted: surface.assistPainted.count,
      paintedAt: surface.assistPainted.at,
      timings: [...assist.timings],
    }),
    assistLatest: () => ({ painted: surface.assistPainted.count, paintedAt: surface.assistPainted.at, timing: assist.timings[assist.timings.length - 1] ?? null }),
    assistPaintedBeyond: (count) => surface.assistPaintedBeyond(count),
    assistAcceptLatest: () => assist.acceptTimings[assist.acceptTimings.length - 1] ?? null,
  };
  return () => {
    window.faultlineEditorProbe = undefined;
  };
}
