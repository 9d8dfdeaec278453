/** Longest side of the label map and image a model preview returns: enough to judge a mask on screen, bounded whatever the photo's size. */
export const PREVIEW_MAX_SIDE = 1024;

/** The photo's size scaled down (never up) so its longest side is at most PREVIEW_MAX_SIDE. */
export function previewSize(width: number, height: number): { width: number; height: number } {
  const s = Math.min(1, PREVIEW_MAX_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}
