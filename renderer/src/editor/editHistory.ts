import { unionRect, type Rect } from '../../../shared/geometry/rect.js';
import type { Patch } from './rectPatch.js';

/** One undoable step: every patch of one interaction (a whole stroke, one fill, one polygon). */
export interface HistoryEntry {
  label: string;
  patches: Patch[];
  /** Union of the patches' rectangles: what to upload after applying them. */
  rect: Rect;
  bytes: number;
}

export function historyEntry(label: string, patches: Patch[]): HistoryEntry | null {
  if (patches.length === 0) return null;
  let rect: Rect | null = null;
  let bytes = 0;
  for (const p of patches) {
    rect = unionRect(rect, p.rect);
    bytes += p.before.byteLength + p.after.byteLength;
  }
  return { label, patches, rect: rect!, bytes };
}

/**
 * Undo and redo stacks of before/after patches, capped by bytes: when both stacks together hold
 * more than the cap, the oldest undo steps go first. The newest step is always kept, so even an
 * edit larger than the cap can be undone once.
 */
export class EditHistory {
  private readonly undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private held = 0;

  constructor(readonly capBytes: number) {}

  get bytes(): number {
    return this.held;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoDepth(): number {
    return this.undoStack.length;
  }

  /** Records a new step; it drops the redo stack, as any new edit does. */
  push(entry: HistoryEntry): void {
    for (const e of this.redoStack) this.held -= e.bytes;
    this.redoStack = [];
    this.undoStack.push(entry);
    this.held += entry.bytes;
    while (this.held > this.capBytes && this.undoStack.length > 1) this.held -= this.undoStack.shift()!.bytes;
  }

  /** The step to revert (apply its `before` patches), moved to the redo stack. */
  undo(): HistoryEntry | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.redoStack.push(entry);
    return entry;
  }

  /** The step to re-apply (its `after` patches), moved back to the undo stack. */
  redo(): HistoryEntry | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    this.undoStack.push(entry);
    return entry;
  }

  clear(): void {
    this.undoStack.length = 0;
    this.redoStack = [];
    this.held = 0;
  }
}
