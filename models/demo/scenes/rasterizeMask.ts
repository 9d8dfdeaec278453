import type { Scene } from './sceneTypes.js';

/**
 * The ground-truth label map of a scene: every labelled polygon filled in paint order, a pixel
 * taking the class of the last polygon that covers its centre. No anti-aliasing, so every value
 * is an exact class id. Uses the same rounded coordinates as the SVG.
 */
export function rasterizeMask(scene: Scene): Uint8Array {
  const { width, height } = scene;
  const mask = new Uint8Array(width * height);
  const crossings: number[] = [];
  for (const shape of scene.shapes) {
    if (shape.kind !== 'polygon' || shape.classId === null) continue;
    fillPolygon(mask, width, height, shape.points, shape.classId, crossings);
  }
  return mask;
}

/** Scanline fill with the even-odd rule at pixel centres (x + 0.5, y + 0.5). */
function fillPolygon(mask: Uint8Array, width: number, height: number, pts: readonly number[], value: number, crossings: number[]): void {
  const n = pts.length / 2;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 1; i < pts.length; i += 2) {
    const y = pts[i]!;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const rowStart = Math.max(0, Math.ceil(minY - 0.5));
  const rowEnd = Math.min(height - 1, Math.floor(maxY - 0.5));
  for (let row = rowStart; row <= rowEnd; row++) {
    const sy = row + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = pts[2 * i]!;
      const yi = pts[2 * i + 1]!;
      const xj = pts[2 * j]!;
      const yj = pts[2 * j + 1]!;
      // Half-open rule: an edge counts when sy lies in [min(yi, yj), max(yi, yj)).
      if (yi <= sy !== yj <= sy) crossings.push(xi + ((sy - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    const offset = row * width;
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k]! - 0.5));
      const to = Math.min(width - 1, Math.ceil(crossings[k + 1]! - 0.5) - 1);
      if (to >= from) mask.fill(value, offset + from, offset + to + 1);
    }
  }
}
