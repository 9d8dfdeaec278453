import { unionRect, type Rect } from '../geometry/rect.js';
import { UNLABELLED } from '../labels/unlabelled.js';

/** Where an accepted assist mask may paint: only pixels nobody labelled yet, or over any label. */
export type AssistPaintRule = 'unlabelled' | 'overwrite';
export const ASSIST_PAINT_RULES: readonly AssistPaintRule[] = ['unlabelled', 'overwrite'];

/** A binary mask inside a rectangle of the image: rect.width × rect.height bytes, 1 = inside. */
export interface RectMask {
  rect: Rect;
  bits: Uint8Array;
}

function at(mask: RectMask | null, x: number, y: number): boolean {
  if (!mask) return false;
  const { rect, bits } = mask;
  return x >= rect.x && y >= rect.y && x < rect.x + rect.width && y < rect.y + rect.height && bits[(y - rect.y) * rect.width + (x - rect.x)] === 1;
}

/**
 * Paints an accepted mask with class `value`. Under 'unlabelled' a pixel another class already
 * holds is kept; the region being refined (`refined`, a region of `value` the decoder started
 * from) counts as the object's own, so its pixels outside the new mask go back to unlabelled and
 * its pixels inside stay. Returns the rectangle that may have changed, or null.
 */
export function paintAssistMask(labels: Uint8Array, width: number, mask: RectMask, value: number, rule: AssistPaintRule, refined: RectMask | null): Rect | null {
  const area = unionRect(mask.rect, refined?.rect ?? null);
  if (!area) return null;
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let x = area.x; x < area.x + area.width; x++) {
      const i = y * width + x;
      const inMask = at(mask, x, y);
      const inRefined = at(refined, x, y);
      if (inMask) {
        if (rule === 'overwrite' || labels[i] === UNLABELLED || inRefined) labels[i] = value;
      } else if (inRefined && labels[i] === value) {
        labels[i] = UNLABELLED;
      }
    }
  }
  return area;
}
