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

/** The rectangle painting `mask` (refining `refined`) may change, or null. */
export function assistMaskArea(mask: RectMask, refined: RectMask | null): Rect | null {
  return unionRect(mask.rect, refined?.rect ?? null);
}

/**
 * Paints an accepted mask with class `value`. Under 'unlabelled' a pixel another class already
 * holds is kept; the region being refined (`refined`, a region of `value` the decoder started
 * from) counts as the object's own, so its pixels outside the new mask go back to unlabelled and
 * its pixels inside stay. Returns the rectangle that may have changed (assistMaskArea), or null. Row by row with
 * each mask's row found once: a 12 MP photo's object is twelve million pixels.
 */
export function paintAssistMask(labels: Uint8Array, width: number, mask: RectMask, value: number, rule: AssistPaintRule, refined: RectMask | null): Rect | null {
  const area = assistMaskArea(mask, refined);
  if (!area) return null;
  const overwrite = rule === 'overwrite';
  const m = mask.rect;
  const inMask = mask.bits;
  if (!refined) {
    for (let y = 0; y < m.height; y++) {
      const from = y * m.width;
      const to = (m.y + y) * width + m.x;
      for (let x = 0; x < m.width; x++) if (inMask[from + x] === 1 && (overwrite || labels[to + x] === UNLABELLED)) labels[to + x] = value;
    }
    return area;
  }
  const r = refined.rect;
  const inRefined = refined.bits;
  for (let y = area.y; y < area.y + area.height; y++) {
    const maskRow = y >= m.y && y < m.y + m.height;
    const refinedRow = y >= r.y && y < r.y + r.height;
    const mFrom = (y - m.y) * m.width - m.x;
    const rFrom = (y - r.y) * r.width - r.x;
    const row = y * width;
    for (let x = area.x; x < area.x + area.width; x++) {
      const i = row + x;
      const own = refinedRow && x >= r.x && x < r.x + r.width && inRefined[rFrom + x] === 1;
      if (maskRow && x >= m.x && x < m.x + m.width && inMask[mFrom + x] === 1) {
        if (overwrite || own || labels[i] === UNLABELLED) labels[i] = value;
      } else if (own && labels[i] === value) {
        labels[i] = UNLABELLED;
      }
    }
  }
  return area;
}
