import { assistMaskArea, paintAssistMask, type AssistPaintRule, type RectMask } from '../../../shared/assist/paintMask.js';
import { strokeBounds, strokeSegment } from '../../../shared/geometry/brush.js';
import { floodFill } from '../../../shared/geometry/floodFill.js';
import { fillPolygon, polygonBounds } from '../../../shared/geometry/rasterizePolygon.js';
import type { Rect } from '../../../shared/geometry/rect.js';
import { EditHistory, historyEntry, type HistoryEntry } from './editHistory.js';
import { EditSnapshot } from './editSnapshot.js';
import { writeRect } from './rectPatch.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

export const DEFAULT_HISTORY_BYTES = 256 * 1024 * 1024;

export interface LabelMapListener {
  /** Pixels in `rect` changed (while painting, on undo, on cancel): upload them. */
  dirty?(rect: Rect): void;
  /** A step was committed, undone or redone: the map differs from what was last saved. */
  changed?(): void;
}

interface Stroke {
  snapshot: EditSnapshot;
  radius: number;
  value: number;
  x: number;
  y: number;
}

/**
 * The label map of the open image (width×height class ids, 255 unlabelled) and every edit on
 * it. It lives outside React and zustand; painting writes hard class values with the shared
 * geometry routines, reports the dirty rectangle of each write, and records one history step per
 * interaction. Coordinates are image pixels (pixel (x, y) covers [x, x+1)×[y, y+1)).
 */
export class LabelMapEditor {
  readonly labels: Uint8Array;
  private readonly history: EditHistory;
  private readonly listeners = new Set<LabelMapListener>();
  private stroke: Stroke | null = null;
  /** Bumped by every committed change, undo and redo, so a saver can tell whether it is up to date. */
  revision = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    labels?: Uint8Array,
    historyBytes = DEFAULT_HISTORY_BYTES,
  ) {
    if (labels && labels.length !== width * height) throw new RangeError(`label map has ${labels.length} pixels, expected ${width}×${height}`);
    this.labels = labels ?? new Uint8Array(width * height).fill(UNLABELLED);
    this.history = new EditHistory(historyBytes);
  }

  subscribe(listener: LabelMapListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get stroking(): boolean {
    return this.stroke !== null;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  get historyBytes(): number {
    return this.history.bytes;
  }

  get undoDepth(): number {
    return this.history.undoDepth;
  }

  /** Starts a brush (or eraser, with value 255) stroke with a stamp at (x, y). */
  beginStroke(x: number, y: number, radius: number, value: number): void {
    if (this.stroke) this.cancelStroke();
    this.stroke = { snapshot: new EditSnapshot(this.labels, this.width, this.height), radius, value, x, y };
    this.paintSegment(x, y);
  }

  /** Paints from the stroke's last point to (x, y). */
  extendStroke(x: number, y: number): void {
    if (!this.stroke) return;
    this.paintSegment(x, y);
  }

  /** Ends the stroke as one history step; false when it changed nothing (and leaves no step). */
  endStroke(label = 'Brush'): boolean {
    const stroke = this.stroke;
    if (!stroke) return false;
    this.stroke = null;
    return this.commit(label, stroke.snapshot);
  }

  /** Esc: puts back every pixel the stroke wrote and records nothing. */
  cancelStroke(): boolean {
    const stroke = this.stroke;
    if (!stroke) return false;
    this.stroke = null;
    const rect = stroke.snapshot.restore();
    if (rect) this.emitDirty(rect);
    return true;
  }

  /** Bucket fill of the 4-connected same-class region at (x, y). */
  fill(x: number, y: number, value: number): boolean {
    this.cancelStroke();
    const original = this.labels.slice();
    const { dirty } = floodFill(this.labels, this.width, this.height, x, y, value);
    if (!dirty) return false;
    const snapshot = new EditSnapshot(this.labels, this.width, this.height);
    snapshot.cover(dirty, original);
    this.emitDirty(dirty);
    return this.commit('Fill', snapshot);
  }

  /** Fills a closed polygon (flat [x0, y0, x1, y1, …], image pixels) with hard class values. */
  fillPolygon(ring: readonly number[], value: number): boolean {
    this.cancelStroke();
    const bounds = polygonBounds([ring], this.width, this.height);
    if (!bounds) return false;
    const snapshot = new EditSnapshot(this.labels, this.width, this.height);
    snapshot.cover(bounds);
    const dirty = fillPolygon(this.labels, this.width, this.height, ring, value);
    if (dirty) this.emitDirty(dirty);
    return this.commit('Polygon', snapshot);
  }

  /** Paints an accepted assist mask (see paintAssistMask) as one undoable step. */
  applyMask(mask: RectMask, value: number, rule: AssistPaintRule, refined: RectMask | null): boolean {
    this.cancelStroke();
    const area = assistMaskArea(mask, refined);
    if (!area) return false;
    const snapshot = new EditSnapshot(this.labels, this.width, this.height);
    snapshot.cover(area);
    paintAssistMask(this.labels, this.width, mask, value, rule, refined);
    this.emitDirty(area);
    return this.commit('Assist', snapshot);
  }

  /** Replaces the whole map (starting over from another mask) as one undoable step. */
  replace(labels: Uint8Array, label = 'Start over'): boolean {
    if (labels.length !== this.labels.length) throw new RangeError(`label map has ${labels.length} pixels, expected ${this.width}×${this.height}`);
    this.cancelStroke();
    const whole = { x: 0, y: 0, width: this.width, height: this.height };
    const snapshot = new EditSnapshot(this.labels, this.width, this.height);
    snapshot.cover(whole);
    this.labels.set(labels);
    this.emitDirty(whole);
    return this.commit(label, snapshot);
  }

  undo(): HistoryEntry | null {
    this.cancelStroke();
    const entry = this.history.undo();
    if (entry) this.apply(entry, 'before');
    return entry;
  }

  redo(): HistoryEntry | null {
    this.cancelStroke();
    const entry = this.history.redo();
    if (entry) this.apply(entry, 'after');
    return entry;
  }

  private paintSegment(x: number, y: number): void {
    const s = this.stroke!;
    const bounds = strokeBounds(s.x, s.y, x, y, s.radius, this.width, this.height);
    if (bounds) {
      s.snapshot.cover(bounds);
      const dirty = strokeSegment(this.labels, this.width, this.height, s.x, s.y, x, y, s.radius, s.value);
      if (dirty) this.emitDirty(dirty);
    }
    s.x = x;
    s.y = y;
  }

  private commit(label: string, snapshot: EditSnapshot): boolean {
    const entry = historyEntry(label, snapshot.patches());
    if (!entry) return false;
    this.history.push(entry);
    this.emitChanged();
    return true;
  }

  private apply(entry: HistoryEntry, side: 'before' | 'after'): void {
    for (const p of entry.patches) writeRect(this.labels, this.width, p.rect, p[side]);
    this.emitDirty(entry.rect);
    this.emitChanged();
  }

  private emitDirty(rect: Rect): void {
    for (const l of this.listeners) l.dirty?.(rect);
  }

  private emitChanged(): void {
    this.revision++;
    for (const l of this.listeners) l.changed?.();
  }
}
