/**
 * Chessboard distance of every pixel to the nearest class boundary of a label map, capped at
 * `cap` (only "within the band or not" matters). Pixels with a 4-neighbour of another value are
 * at distance 0, on both sides of the boundary; the image border is not a boundary.
 * Two raster passes (a chamfer transform), so the cost is a few operations per pixel.
 */
export function boundaryDistance(map: Uint8Array, width: number, height: number, cap: number): Uint8Array {
  const limit = Math.max(0, Math.min(255, Math.floor(cap)));
  const d = new Uint8Array(width * height).fill(limit);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const v = map[i]!;
      if ((x > 0 && map[i - 1] !== v) || (x + 1 < width && map[i + 1] !== v) || (y > 0 && map[i - width] !== v) || (y + 1 < height && map[i + width] !== v)) d[i] = 0;
    }
  }
  chamfer(d, width, height, limit);
  return d;
}

/** Distance (chessboard, capped) to the nearest pixel where `map` equals `value`; `cap` where none is that close. */
export function distanceToValue(map: Uint8Array, width: number, height: number, value: number, cap: number): Uint8Array {
  const limit = Math.max(0, Math.min(255, Math.floor(cap)));
  const d = new Uint8Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = map[i] === value ? 0 : limit;
  chamfer(d, width, height, limit);
  return d;
}

function chamfer(d: Uint8Array, width: number, height: number, limit: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0 && d[i - 1]! + 1 < v) v = d[i - 1]! + 1;
      if (y > 0) {
        const up = i - width;
        if (d[up]! + 1 < v) v = d[up]! + 1;
        if (x > 0 && d[up - 1]! + 1 < v) v = d[up - 1]! + 1;
        if (x + 1 < width && d[up + 1]! + 1 < v) v = d[up + 1]! + 1;
      }
      d[i] = Math.min(v, limit);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    const row = y * width;
    for (let x = width - 1; x >= 0; x--) {
      const i = row + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x + 1 < width && d[i + 1]! + 1 < v) v = d[i + 1]! + 1;
      if (y + 1 < height) {
        const down = i + width;
        if (d[down]! + 1 < v) v = d[down]! + 1;
        if (x > 0 && d[down - 1]! + 1 < v) v = d[down - 1]! + 1;
        if (x + 1 < width && d[down + 1]! + 1 < v) v = d[down + 1]! + 1;
      }
      d[i] = v;
    }
  }
}
