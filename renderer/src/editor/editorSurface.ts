import type { AssistBox } from '../../../shared/assist/assistPrompt.js';
import { unionRect, type Rect } from '../../../shared/geometry/rect.js';
import type { AssistObject } from './assistController.js';
import { AssistOverlay } from './assistOverlay.js';
import { useCursorStore } from './cursorStore.js';
import { hiddenClassesOf, useEditorStore } from './editorStore.js';
import { type LabelMapEditor } from './labelMapEditor.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import { MaskRenderer } from './maskRenderer.js';
import { buildPalette } from './palette.js';
import { PolygonOverlay } from './polygonOverlay.js';
import { fitView, minScale, panBy, toImage, zoomAt, type View } from './viewTransform.js';

export interface SurfaceElements {
  /** Receives the pointer; every layer fills it. */
  stage: HTMLElement;
  image: HTMLImageElement;
  /** Where the surface adds its own mask canvas and polygon layer (and removes them on dispose). */
  layers: HTMLElement;
}

export interface SurfaceCallbacks {
  onView(view: View): void;
  /** An editing gesture happened (for active time). */
  onActivity(): void;
  /** Review mode: the reviewer clicked an image point. */
  onReviewClick(x: number, y: number): void;
  /** Something the user should hear about (no class chosen, …). */
  onNotice(message: string): void;
  /** The polygon in progress changed (for the toolbar's state). */
  onPolygonEdit(): void;
  /** Assist tool: a click on an image pixel, positive (left) or negative (right or Alt). */
  onAssistClick(x: number, y: number, positive: boolean): void;
  /** Assist tool: a box dragged over the image. */
  onAssistBox(box: AssistBox): void;
}

/** A pointer that moved less than this (CSS px) between down and up clicked; further, it dragged a box. */
const DRAG_THRESHOLD = 4;

/** Frame statistics the test hook and the benchmark read. */
export interface SurfaceStats {
  frames: number;
  uploads: number;
  uploadedPixels: number;
  /** Main-thread time in frames (upload and draw calls) and in painting pointer moves. */
  frameMs: number;
  paintMs: number;
}

const ZOOM_STEP = 1.25;

/**
 * The stage of the open image: an <img> layer and the WebGL mask on top, both placed by one
 * view transform, and the fabric polygon layer above them. Pointer input paints through the
 * label map editor; dirty rectangles gathered between frames are uploaded once per animation
 * frame, then the mask is drawn. The <img> layer (rather than an image texture) keeps project
 * files from a foreign origin (the desktop app's file protocol) out of WebGL, where they would
 * taint the canvas.
 */
export class EditorSurface {
  view: View = { scale: 1, x: 0, y: 0 };
  readonly stats: SurfaceStats = { frames: 0, uploads: 0, uploadedPixels: 0, frameMs: 0, paintMs: 0 };
  private readonly renderer: MaskRenderer;
  private readonly polygon: PolygonOverlay;
  private readonly assist: AssistOverlay;
  private assistDrag: { pointerId: number; x: number; y: number; clientX: number; clientY: number; positive: boolean; box: AssistBox | null } | null = null;
  private readonly cleanups: Array<() => void> = [];
  private size = { width: 0, height: 0 };
  private stageRect: DOMRect;
  private pendingDirty: Rect | null = null;
  /** Stage rectangle (CSS px) a partial frame must redraw; ignored when the whole stage is due. */
  private pendingClip: Rect | null = null;
  private fullRedraw = true;
  private frameRequested = false;
  private fitted = false;
  private spaceHeld = false;
  private pan: { pointerId: number; x: number; y: number } | null = null;
  private drawingPointer: number | null = null;
  private hover: { x: number; y: number } | null = null;
  private disposed = false;
  private readonly ownLayers: HTMLElement;
  private paletteHidden: readonly number[] = [];

  constructor(
    private readonly els: SurfaceElements,
    private readonly editor: LabelMapEditor,
    private readonly classColors: ReadonlyMap<number, string>,
    private readonly readOnly: boolean,
    private readonly callbacks: SurfaceCallbacks,
  ) {
    // Fresh elements per surface: a WebGL context, once lost on dispose, cannot be had again from its canvas.
    this.ownLayers = document.createElement('div');
    this.ownLayers.className = 'surface-layers';
    const mask = document.createElement('canvas');
    mask.className = 'mask-layer';
    mask.dataset.testid = 'mask-canvas';
    const assistCanvas = document.createElement('canvas');
    assistCanvas.className = 'assist-layer';
    assistCanvas.dataset.testid = 'assist-canvas';
    const assistMarks = document.createElement('canvas');
    assistMarks.className = 'assist-layer';
    const polygonHost = document.createElement('div');
    polygonHost.className = 'polygon-layer';
    const overlay = document.createElement('canvas');
    polygonHost.append(overlay);
    this.ownLayers.append(mask, assistCanvas, assistMarks, polygonHost);
    this.assist = new AssistOverlay(assistCanvas, assistMarks, { width: editor.width, height: editor.height });
    els.layers.append(this.ownLayers);
    this.renderer = new MaskRenderer(mask);
    this.paletteHidden = hiddenClassesOf(useEditorStore.getState());
    this.renderer.setPalette(this.palette());
    this.renderer.setLabels(editor.labels, editor.width, editor.height);
    this.polygon = new PolygonOverlay(
      overlay,
      (ring) => this.commitPolygon(ring),
      () => callbacks.onPolygonEdit(),
    );
    this.stageRect = els.stage.getBoundingClientRect();
    this.cleanups.push(
      editor.subscribe({
        dirty: (rect) => {
          this.pendingDirty = unionRect(this.pendingDirty, rect);
          this.redrawScreenRect(rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
          this.reportCursor(this.hover);
        },
      }),
    );
    this.listen();
    const observer = new ResizeObserver(() => this.resize());
    observer.observe(els.stage);
    this.cleanups.push(() => observer.disconnect());
    this.cleanups.push(useEditorStore.subscribe(() => this.settingsChanged()));
    this.resize();
    this.settingsChanged();
  }

  get gpuBytes(): number {
    return this.renderer.gpuBytes;
  }

  /** Assist previews painted so far (the test probe and the benchmark wait on it). */
  get assistPainted(): { count: number; at: number } {
    return { count: this.assist.painted, at: this.assist.paintedAt };
  }

  /** Resolves once more than `count` assist previews have been painted (for the test probe). */
  assistPaintedBeyond(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.assist.painted <= count) return;
        this.assist.onPainted = null;
        resolve();
      };
      this.assist.onPainted = check;
      check();
    });
  }

  /** The assist object to show (its preview mask in `colour`, clicks and box), or null. */
  setAssistObject(object: AssistObject | null, colour: string): void {
    this.assist.setObject(object, colour);
  }

  get polygonInProgress(): boolean {
    return this.polygon.inProgress;
  }

  /** Client (page) coordinates of an image point: what a test clicks to hit an exact pixel. */
  clientPoint(x: number, y: number): { x: number; y: number } {
    const r = this.els.stage.getBoundingClientRect();
    return { x: r.left + x * this.view.scale + this.view.x, y: r.top + y * this.view.scale + this.view.y };
  }

  fit(): void {
    this.setView(fitView(this.editor.width, this.editor.height, this.size.width, this.size.height));
  }

  zoom(step: 1 | -1): void {
    const factor = step > 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
    this.setView(zoomAt(this.view, factor, this.size.width / 2, this.size.height / 2, this.minScale()));
  }

  setSpaceHeld(held: boolean): void {
    this.spaceHeld = held;
    this.els.stage.classList.toggle('panning', held);
  }

  /** Esc: the stroke or polygon in progress, if any, is dropped without a history step. */
  cancel(): boolean {
    if (this.editor.stroking) {
      this.drawingPointer = null;
      return this.editor.cancelStroke();
    }
    return this.polygon.cancel();
  }

  closePolygon(): boolean {
    return this.polygon.close();
  }

  removeVertex(): boolean {
    return this.polygon.removeLast();
  }

  dispose(): void {
    this.disposed = true;
    useCursorStore.getState().set(null);
    for (const c of this.cleanups.splice(0)) c();
    this.renderer.dispose();
    const layers = this.ownLayers;
    void this.polygon.dispose().finally(() => layers.remove());
  }

  private minScale(): number {
    return minScale(this.editor.width, this.editor.height, this.size.width, this.size.height);
  }

  private setView(view: View): void {
    this.view = view;
    this.polygon.setView(view);
    this.assist.setView(view);
    this.callbacks.onView(view);
    this.requestFullFrame();
  }

  private resize(): void {
    const rect = this.els.stage.getBoundingClientRect();
    this.stageRect = rect;
    this.size = { width: rect.width, height: rect.height };
    this.renderer.resize(rect.width, rect.height, window.devicePixelRatio || 1);
    this.polygon.setSize(rect.width, rect.height);
    this.assist.setSize(rect.width, rect.height, window.devicePixelRatio || 1);
    if (!this.fitted && rect.width > 0 && rect.height > 0) {
      this.fitted = true;
      this.fit();
    }
    this.requestFullFrame();
  }

  private settingsChanged(): void {
    const s = useEditorStore.getState();
    const polygonMode = !this.readOnly && s.tool === 'polygon';
    this.polygon.setActive(polygonMode);
    if (!polygonMode) this.polygon.cancel();
    const color = s.classId === null ? undefined : this.classColors.get(s.classId);
    if (color) this.polygon.setColor(color);
    this.els.image.style.visibility = s.showImage ? 'visible' : 'hidden';
    this.els.stage.dataset.tool = this.readOnly ? 'review' : s.tool;
    if (hiddenClassesOf(s) !== this.paletteHidden) {
      this.paletteHidden = hiddenClassesOf(s);
      this.renderer.setPalette(this.palette());
    }
    this.requestFullFrame();
  }

  private palette(): Uint8Array {
    return buildPalette(
      [...this.classColors].map(([id, color]) => ({ id, color })),
      this.paletteHidden,
    );
  }

  /** Tells the status bar which pixel the pointer is over and its label, when either changed. */
  private reportCursor(p: { x: number; y: number } | null): void {
    const { at, set } = useCursorStore.getState();
    if (!p) {
      if (at) set(null);
      return;
    }
    const x = Math.floor(p.x);
    const y = Math.floor(p.y);
    if (x < 0 || y < 0 || x >= this.editor.width || y >= this.editor.height) {
      if (at) set(null);
      return;
    }
    const label = this.editor.labels[y * this.editor.width + x]!;
    if (!at || at.x !== x || at.y !== y || at.label !== label) set({ x, y, label });
  }

  private requestFullFrame(): void {
    this.fullRedraw = true;
    this.requestFrame();
  }

  /** Marks the stage pixels over image rectangle [x0, x1)×[y0, y1) for the next frame, with a pixel of margin. */
  private redrawScreenRect(x0: number, y0: number, x1: number, y1: number): void {
    const { scale, x, y } = this.view;
    const left = Math.floor(x0 * scale + x) - 1;
    const top = Math.floor(y0 * scale + y) - 1;
    const rect = { x: left, y: top, width: Math.ceil(x1 * scale + x) + 1 - left, height: Math.ceil(y1 * scale + y) + 1 - top };
    this.pendingClip = unionRect(this.pendingClip, rect);
    this.requestFrame();
  }

  /** The brush outline's box (old and new positions both need redrawing when it moves). */
  private redrawCursor(): void {
    if (!this.hover) return;
    const r = useEditorStore.getState().brushSize / 2 + 2 / this.view.scale;
    this.redrawScreenRect(this.hover.x - r, this.hover.y - r, this.hover.x + r, this.hover.y + r);
  }

  private requestFrame(): void {
    if (this.frameRequested || this.disposed) return;
    this.frameRequested = true;
    requestAnimationFrame(() => this.frame());
  }

  private frame(): void {
    this.frameRequested = false;
    if (this.disposed) return;
    const start = performance.now();
    if (this.pendingDirty) {
      this.renderer.uploadRect(this.editor.labels, this.pendingDirty);
      this.stats.uploads++;
      this.stats.uploadedPixels += this.pendingDirty.width * this.pendingDirty.height;
      this.pendingDirty = null;
    }
    const s = useEditorStore.getState();
    if (this.fullRedraw) {
      const { scale, x, y } = this.view;
      this.els.image.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
      // Hard pixels when zoomed in; smooth when the image is shrunk to fit.
      this.els.image.style.imageRendering = scale >= 2 ? 'pixelated' : 'auto';
    }
    const brushTool = !this.readOnly && (s.tool === 'brush' || s.tool === 'eraser');
    const clip = this.fullRedraw ? null : this.pendingClip;
    this.fullRedraw = false;
    this.pendingClip = null;
    this.renderer.draw(
      {
        view: this.view,
        opacity: s.showMask ? s.opacity : 0,
        cursor: brushTool && this.hover ? { x: this.hover.x, y: this.hover.y, radius: s.brushSize / 2 } : null,
      },
      clip,
    );
    this.stats.frames++;
    this.stats.frameMs += performance.now() - start;
  }

  private local(e: { clientX: number; clientY: number }): { sx: number; sy: number } {
    return { sx: e.clientX - this.stageRect.left, sy: e.clientY - this.stageRect.top };
  }

  private imagePoint(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const { sx, sy } = this.local(e);
    return toImage(this.view, sx, sy);
  }

  private listen(): void {
    const stage = this.els.stage;
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions) => {
      stage.addEventListener(type, fn as EventListener, options);
      this.cleanups.push(() => stage.removeEventListener(type, fn as EventListener, options));
    };
    // Capture phase: panning must win over the polygon layer's own pointer handling.
    on('pointerdown', (e) => this.pointerDown(e), { capture: true });
    on('pointermove', (e) => this.pointerMove(e), { capture: true });
    on('pointerup', (e) => this.pointerUp(e), { capture: true });
    on('pointercancel', (e) => this.pointerUp(e), { capture: true });
    on('pointerleave', () => {
      this.redrawCursor();
      this.hover = null;
      this.reportCursor(null);
    });
    on('wheel', (e) => this.wheel(e), { passive: false });
    on('auxclick', (e) => e.preventDefault());
    // A right click is the assist tool's negative point, never the page's menu.
    on('contextmenu', (e) => {
      if (!this.readOnly && useEditorStore.getState().tool === 'assist') e.preventDefault();
    });
  }

  private pointerDown(e: PointerEvent): void {
    this.stageRect = this.els.stage.getBoundingClientRect();
    if (e.button === 1 || (e.button === 0 && this.spaceHeld)) {
      e.preventDefault();
      e.stopPropagation();
      this.pan = { pointerId: e.pointerId, x: e.clientX, y: e.clientY };
      this.els.stage.setPointerCapture(e.pointerId);
      return;
    }
    const s = useEditorStore.getState();
    if (!this.readOnly && s.tool === 'assist' && (e.button === 0 || e.button === 2)) {
      const p = this.imagePoint(e);
      this.callbacks.onActivity();
      this.assistDrag = { pointerId: e.pointerId, x: p.x, y: p.y, clientX: e.clientX, clientY: e.clientY, positive: e.button === 0 && !e.altKey, box: null };
      this.els.stage.setPointerCapture(e.pointerId);
      return;
    }
    if (e.button !== 0) return;
    const p = this.imagePoint(e);
    if (this.readOnly) {
      if (p.x >= 0 && p.y >= 0 && p.x < this.editor.width && p.y < this.editor.height) this.callbacks.onReviewClick(p.x, p.y);
      return;
    }
    if (s.tool === 'polygon') {
      this.callbacks.onActivity();
      return;
    }
    const value = s.tool === 'eraser' ? UNLABELLED : s.classId;
    if (value === null) {
      this.callbacks.onNotice('Choose a class first (number keys or the legend).');
      return;
    }
    this.callbacks.onActivity();
    if (s.tool === 'fill') {
      this.editor.fill(p.x, p.y, value);
      return;
    }
    this.drawingPointer = e.pointerId;
    this.els.stage.setPointerCapture(e.pointerId);
    this.editor.beginStroke(p.x, p.y, s.brushSize / 2, value);
  }

  private pointerMove(e: PointerEvent): void {
    if (this.pan && e.pointerId === this.pan.pointerId) {
      const dx = e.clientX - this.pan.x;
      const dy = e.clientY - this.pan.y;
      this.pan.x = e.clientX;
      this.pan.y = e.clientY;
      this.setView(panBy(this.view, dx, dy));
      return;
    }
    const drag = this.assistDrag;
    if (drag && drag.pointerId === e.pointerId) {
      if (drag.box || Math.hypot(e.clientX - drag.clientX, e.clientY - drag.clientY) >= DRAG_THRESHOLD) {
        drag.box = this.boxBetween(drag, this.imagePoint(e));
        this.assist.setDragBox(drag.box);
      }
      return;
    }
    if (this.drawingPointer === e.pointerId && this.editor.stroking) {
      const start = performance.now();
      // Coalesced events keep a fast stroke's shape; the editor paints each segment, the frame uploads once.
      const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      for (const c of events.length > 0 ? events : [e]) {
        const p = this.imagePoint(c);
        this.editor.extendStroke(p.x, p.y);
      }
      this.stats.paintMs += performance.now() - start;
      this.callbacks.onActivity();
    }
    this.redrawCursor();
    this.hover = this.imagePoint(e);
    this.redrawCursor();
    this.reportCursor(this.hover);
  }

  private pointerUp(e: PointerEvent): void {
    if (this.pan && e.pointerId === this.pan.pointerId) {
      this.pan = null;
      return;
    }
    const drag = this.assistDrag;
    if (drag && drag.pointerId === e.pointerId) {
      this.assistDrag = null;
      this.assist.setDragBox(null);
      if (e.type === 'pointercancel') return;
      if (drag.box) {
        this.callbacks.onAssistBox(drag.box);
        return;
      }
      const x = Math.floor(drag.x);
      const y = Math.floor(drag.y);
      if (x >= 0 && y >= 0 && x < this.editor.width && y < this.editor.height) this.callbacks.onAssistClick(x, y, drag.positive);
      return;
    }
    if (this.drawingPointer !== e.pointerId) return;
    this.drawingPointer = null;
    if (this.editor.stroking) {
      this.editor.endStroke(useEditorStore.getState().tool === 'eraser' ? 'Eraser' : 'Brush');
      this.callbacks.onActivity();
    }
  }

  /** The pixel box between two image points, clamped to the image. */
  private boxBetween(a: { x: number; y: number }, b: { x: number; y: number }): AssistBox {
    const clampX = (v: number) => Math.min(this.editor.width - 1, Math.max(0, Math.floor(v)));
    const clampY = (v: number) => Math.min(this.editor.height - 1, Math.max(0, Math.floor(v)));
    return { x0: clampX(Math.min(a.x, b.x)), y0: clampY(Math.min(a.y, b.y)), x1: clampX(Math.max(a.x, b.x)), y1: clampY(Math.max(a.y, b.y)) };
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const { sx, sy } = this.local(e);
    const unit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.002;
    this.setView(zoomAt(this.view, Math.exp(-e.deltaY * unit), sx, sy, this.minScale()));
  }

  private commitPolygon(ring: number[]): boolean {
    const classId = useEditorStore.getState().classId;
    if (classId === null) {
      this.callbacks.onNotice('Choose a class first (number keys or the legend).');
      return false;
    }
    this.callbacks.onActivity();
    this.editor.fillPolygon(ring, classId);
    return true;
  }
}
