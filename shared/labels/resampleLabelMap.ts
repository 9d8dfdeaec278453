import type { MapSize } from './predictionMapSize.js';

/** Source index of each destination index along one axis: the source pixel whose span holds the destination pixel's centre. */
function nearestIndex(from: number, to: number): Uint32Array {
  const index = new Uint32Array(to);
  for (let i = 0; i < to; i++) index[i] = Math.min(from - 1, Math.floor(((i + 0.5) * from) / to));
  return index;
}

/**
 * A label map at another size, by nearest neighbour (labels are ids: no blending). The same
 * array when the sizes match.
 */
export function resampleLabelMap(map: Uint8Array, from: MapSize, to: MapSize): Uint8Array {
  if (map.length !== from.width * from.height) throw new RangeError(`a ${from.width}×${from.height} map holds ${from.width * from.height} labels, not ${map.length}`);
  if (from.width === to.width && from.height === to.height) return map;
  const out = new Uint8Array(to.width * to.height);
  const xs = nearestIndex(from.width, to.width);
  const ys = nearestIndex(from.height, to.height);
  let previous = -1;
  for (let y = 0; y < to.height; y++) {
    const row = y * to.width;
    const source = ys[y]! * from.width;
    // Upsampling repeats source rows: copy the row just built instead of sampling it again.
    if (source === previous) {
      out.copyWithin(row, row - to.width, row);
      continue;
    }
    for (let x = 0; x < to.width; x++) out[row + x] = map[source + xs[x]!]!;
    previous = source;
  }
  return out;
}
