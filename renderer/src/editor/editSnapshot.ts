import { clippedRect, unionRect, type Rect } from '../../../shared/geometry/rect.js';
import { readRect, sameBytes, writeRect, type Patch } from './rectPatch.js';

/** Side of the square tiles an edit in progress saves before it first writes them. */
export const TILE = 64;

/**
 * Copy-on-write record of one edit in progress (a stroke, a fill, a polygon): each 64×64 tile is
 * saved the first time the edit is about to write into it, so a long stroke costs memory for the
 * tiles it crossed, not for its bounding box, and each pointer event costs the same however long
 * the stroke already is.
 */
export class EditSnapshot {
  private readonly saved = new Map<number, Uint8Array>();
  private readonly tilesX: number;

  constructor(
    private readonly labels: Uint8Array,
    private readonly width: number,
    private readonly height: number,
  ) {
    this.tilesX = Math.ceil(width / TILE);
  }

  /**
   * Saves every tile overlapping `rect` not saved yet. Call before writing into `rect`; pass the
   * map as it was before the edit as `original` when the edit has already written (a fill, whose
   * extent is known only afterwards).
   */
  cover(rect: Rect, original: Uint8Array = this.labels): void {
    const tx0 = Math.floor(rect.x / TILE);
    const ty0 = Math.floor(rect.y / TILE);
    const tx1 = Math.floor((rect.x + rect.width - 1) / TILE);
    const ty1 = Math.floor((rect.y + rect.height - 1) / TILE);
    for (let ty = ty0; ty <= ty1; ty++) {
      for (let tx = tx0; tx <= tx1; tx++) {
        const key = ty * this.tilesX + tx;
        if (!this.saved.has(key)) this.saved.set(key, readRect(original, this.width, this.tileRect(key)));
      }
    }
  }

  /** Before/after patches of the saved tiles that the edit changed; empty when it changed nothing. */
  patches(): Patch[] {
    const patches: Patch[] = [];
    for (const [key, before] of this.saved) {
      const rect = this.tileRect(key);
      const after = readRect(this.labels, this.width, rect);
      if (!sameBytes(before, after)) patches.push({ rect, before, after });
    }
    return patches;
  }

  /** Puts every saved tile back as it was before the edit; returns the rectangle that covers them. */
  restore(): Rect | null {
    let dirty: Rect | null = null;
    for (const [key, before] of this.saved) {
      const rect = this.tileRect(key);
      writeRect(this.labels, this.width, rect, before);
      dirty = unionRect(dirty, rect);
    }
    return dirty;
  }

  private tileRect(key: number): Rect {
    const tx = key % this.tilesX;
    const ty = (key - tx) / this.tilesX;
    return clippedRect(tx * TILE, ty * TILE, tx * TILE + TILE - 1, ty * TILE + TILE - 1, this.width, this.height)!;
  }
}
