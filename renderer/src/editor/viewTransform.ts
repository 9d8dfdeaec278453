/**
 * Where the image sits on screen: a screen point (CSS pixels, relative to the stage) is
 * image point × scale + (x, y). The WebGL mask, the image layer, the polygon overlay and the
 * review pins all take their placement from this one value.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MAX_SCALE = 64;

/** The smallest zoom: a quarter of the fitted scale, so a whole image can always be seen with room around it. */
export function minScale(imageWidth: number, imageHeight: number, stageWidth: number, stageHeight: number): number {
  return Math.min(1, fitView(imageWidth, imageHeight, stageWidth, stageHeight).scale / 4);
}

/** The whole image centred in the stage with a small margin. */
export function fitView(imageWidth: number, imageHeight: number, stageWidth: number, stageHeight: number, margin = 16): View {
  const scale = Math.max(1e-3, Math.min((stageWidth - 2 * margin) / imageWidth, (stageHeight - 2 * margin) / imageHeight));
  return { scale, x: (stageWidth - imageWidth * scale) / 2, y: (stageHeight - imageHeight * scale) / 2 };
}

/** Zooms by `factor` keeping the image point under (sx, sy) fixed on screen, within [min, MAX_SCALE]. */
export function zoomAt(view: View, factor: number, sx: number, sy: number, min: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(min, view.scale * factor));
  const k = scale / view.scale;
  return { scale, x: sx - (sx - view.x) * k, y: sy - (sy - view.y) * k };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

export function toImage(view: View, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - view.x) / view.scale, y: (sy - view.y) / view.scale };
}

export function toScreen(view: View, ix: number, iy: number): { x: number; y: number } {
  return { x: ix * view.scale + view.x, y: iy * view.scale + view.y };
}
