/** A magnification of an image and its overlays: SCALE times, about the point (X, Y) given as fractions of the image. */
export interface Zoom {
  scale: number;
  x: number;
  y: number;
}

export const NO_ZOOM: Zoom = { scale: 1, x: 0.5, y: 0.5 };

const MAX_SCALE = 8;
const WHEEL_STEP = 1.25;

/** The zoom after one wheel notch at (X, Y): in for a notch away from the user, out towards; never below 1× or above 8×. */
export function zoomByWheel(zoom: Zoom, deltaY: number, x: number, y: number): Zoom {
  const scale = Math.min(MAX_SCALE, Math.max(1, deltaY < 0 ? zoom.scale * WHEEL_STEP : zoom.scale / WHEEL_STEP));
  return scale === 1 ? NO_ZOOM : { scale, x: clamp01(x), y: clamp01(y) };
}

/** The zoom key's steps: 1× → 2× → 4× → 1×, about the point last zoomed at. */
export function zoomStep(zoom: Zoom): Zoom {
  if (zoom.scale < 2) return { ...zoom, scale: 2 };
  if (zoom.scale < 4) return { ...zoom, scale: 4 };
  return NO_ZOOM;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
