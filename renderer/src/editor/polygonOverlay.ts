import { Canvas, Circle, Polyline, type FabricObject, type TPointerEventInfo } from 'fabric';
import type { View } from './viewTransform.js';

const HANDLE_PX = 5;
const LINE_PX = 1.5;
/** Clicks closer than this (screen pixels) to the previous vertex repeat it: a double click's clicks. */
const SAME_POINT_PX = 3;

/**
 * The polygon tool's vector layer on a fabric canvas: vertices are added by click, dragged by
 * their handles, and the ring is handed back in image pixels when closed. fabric only draws and
 * hit-tests vertices and handles here; the pixels are written by the label map editor.
 */
export class PolygonOverlay {
  private readonly canvas: Canvas;
  private vertices: Array<{ x: number; y: number }> = [];
  private handles: Circle[] = [];
  private outline: Polyline | null = null;
  private hover: { x: number; y: number } | null = null;
  private scale = 1;
  private color = '#ffffff';
  private active = false;

  constructor(
    element: HTMLCanvasElement,
    /** Fills the ring; false keeps the polygon open (nothing could be filled yet). */
    private readonly onClose: (ring: number[]) => boolean,
    private readonly onEdit: () => void,
  ) {
    this.canvas = new Canvas(element, {
      selection: false,
      renderOnAddRemove: false,
      fireMiddleClick: false,
      fireRightClick: false,
      defaultCursor: 'crosshair',
      hoverCursor: 'move',
      enableRetinaScaling: true,
    });
    this.canvas.on('mouse:down', (opt) => this.pointerDown(opt));
    this.canvas.on('mouse:move', (opt) => this.pointerMove(opt));
    this.canvas.on('mouse:dblclick', () => this.close());
    this.canvas.on('object:moving', (opt) => this.handleMoved(opt.target));
    this.setActive(false);
  }

  get inProgress(): boolean {
    return this.vertices.length > 0;
  }

  /** The vertices drawn so far, flat [x0, y0, …] in image pixels. */
  get ring(): number[] {
    return this.vertices.flatMap((v) => [v.x, v.y]);
  }

  setActive(active: boolean): void {
    this.active = active;
    const wrapper = this.canvas.wrapperEl;
    wrapper.style.pointerEvents = active ? 'auto' : 'none';
    wrapper.style.visibility = active || this.inProgress ? 'visible' : 'hidden';
  }

  setSize(width: number, height: number): void {
    this.canvas.setDimensions({ width, height });
    this.canvas.requestRenderAll();
  }

  setView(view: View): void {
    this.scale = view.scale;
    this.canvas.setViewportTransform([view.scale, 0, 0, view.scale, view.x, view.y]);
    for (const h of this.handles) h.set({ radius: HANDLE_PX / view.scale, strokeWidth: LINE_PX / view.scale });
    this.redrawOutline();
  }

  setColor(color: string): void {
    this.color = color;
    for (const h of this.handles) h.set({ stroke: color });
    this.redrawOutline();
  }

  /** Closes and hands back the ring when it has at least three distinct vertices. */
  close(): boolean {
    if (this.vertices.length < 3 || !this.onClose(this.ring)) return false;
    this.clear();
    return true;
  }

  removeLast(): boolean {
    if (this.vertices.length === 0) return false;
    this.vertices.pop();
    this.canvas.remove(this.handles.pop()!);
    this.changed();
    return true;
  }

  /** Esc: drops the polygon in progress; nothing was written, so nothing is recorded. */
  cancel(): boolean {
    if (!this.inProgress) return false;
    this.clear();
    return true;
  }

  dispose(): Promise<unknown> {
    return this.canvas.dispose();
  }

  private clear(): void {
    this.vertices = [];
    this.canvas.remove(...this.handles);
    this.handles = [];
    this.changed();
  }

  private pointerDown(opt: TPointerEventInfo): void {
    if (!this.active || opt.target || ('button' in opt.e && opt.e.button !== 0)) return;
    const { x, y } = opt.scenePoint;
    const last = this.vertices.at(-1);
    if (last && Math.hypot(last.x - x, last.y - y) * this.scale < SAME_POINT_PX) return;
    this.vertices.push({ x, y });
    const handle = new Circle({
      left: x,
      top: y,
      originX: 'center',
      originY: 'center',
      radius: HANDLE_PX / this.scale,
      fill: 'rgba(0,0,0,0.45)',
      stroke: this.color,
      strokeWidth: LINE_PX / this.scale,
      hasControls: false,
      hasBorders: false,
      objectCaching: false,
    });
    this.handles.push(handle);
    this.canvas.add(handle);
    this.changed();
  }

  private pointerMove(opt: TPointerEventInfo): void {
    if (!this.active || !this.inProgress) return;
    this.hover = { x: opt.scenePoint.x, y: opt.scenePoint.y };
    this.redrawOutline();
  }

  private handleMoved(target: FabricObject): void {
    const index = this.handles.indexOf(target as Circle);
    if (index < 0) return;
    this.vertices[index] = { x: target.left, y: target.top };
    this.changed();
  }

  private changed(): void {
    this.setActive(this.active);
    this.redrawOutline();
    this.onEdit();
  }

  /** The open outline plus the rubber band to the pointer, rebuilt whole: a few dozen points at most. */
  private redrawOutline(): void {
    if (this.outline) this.canvas.remove(this.outline);
    this.outline = null;
    const points = [...this.vertices];
    if (this.hover && points.length > 0) points.push(this.hover);
    if (points.length >= 2) {
      this.outline = new Polyline(points, {
        fill: points.length >= 3 ? 'rgba(255,255,255,0.12)' : '',
        stroke: this.color,
        strokeWidth: LINE_PX / this.scale,
        strokeUniform: false,
        selectable: false,
        evented: false,
        objectCaching: false,
      });
      this.canvas.insertAt(0, this.outline);
    }
    this.canvas.requestRenderAll();
  }
}
