import type { OutputMapping } from '../inference/resizePlan.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/** Feature cell index of each source pixel along one axis (−1 when it falls outside the map). */
function cellOf(n: number, a: number, b: number, cells: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Source pixel i's centre lands at (i + 0.5)·a + b − 0.5 on the map; cell c spans [c − 0.5, c + 0.5).
    const c = Math.floor((i + 0.5) * a + b);
    out[i] = c >= 0 && c < cells ? c : -1;
  }
  return out;
}

/** The source pixel whose area holds each cell's centre (−1 on padding): used where no pixel centre falls in a cell. */
function nearestSource(cells: number, a: number, b: number, n: number): Int32Array {
  const out = new Int32Array(cells);
  for (let c = 0; c < cells; c++) {
    const s = (c + 0.5 - b) / a;
    out[c] = s >= 0 && s < n ? Math.floor(s) : -1;
  }
  return out;
}

/**
 * Brings a label map to a feature map's resolution: each feature cell takes the majority label
 * of the source pixels whose centres fall in it (ties: the lower class), a cell that holds no
 * pixel centre (the map is finer than the image) takes the pixel under its centre, and cells
 * on letterbox padding get UNLABELLED. `lut` turns a mask value into a model class (UNLABELLED for
 * ignored or unmapped values); `classes` bounds the model classes.
 */
export function labelsAtFeatureResolution(
  mask: Uint8Array,
  srcW: number,
  srcH: number,
  mapping: OutputMapping,
  featW: number,
  featH: number,
  lut: Uint8Array,
  classes: number,
): Uint8Array {
  if (mask.length !== srcW * srcH) throw new RangeError(`expected a ${srcW}×${srcH} mask, got ${mask.length} pixels`);
  if (lut.length !== 256) throw new RangeError('the label lookup needs 256 entries');
  const out = new Uint8Array(featW * featH).fill(UNLABELLED);
  const colOf = cellOf(srcW, mapping.ax, mapping.bx, featW);
  const rowOf = cellOf(srcH, mapping.ay, mapping.by, featH);
  const nearCol = nearestSource(featW, mapping.ax, mapping.bx, srcW);
  const nearRow = nearestSource(featH, mapping.ay, mapping.by, srcH);
  const counts = new Uint32Array(featW * classes);
  const filled = new Uint8Array(featW);
  let y = 0;
  for (let row = 0; row < featH; row++) {
    counts.fill(0);
    filled.fill(0);
    while (y < srcH && rowOf[y]! < row) y++;
    for (; y < srcH && rowOf[y] === row; y++) {
      const line = y * srcW;
      for (let x = 0; x < srcW; x++) {
        const col = colOf[x]!;
        if (col < 0) continue;
        filled[col] = 1;
        const k = lut[mask[line + x]!]!;
        if (k < classes) counts[col * classes + k]!++;
      }
    }
    for (let col = 0; col < featW; col++) {
      if (filled[col]) {
        let best = 0;
        let bestK = UNLABELLED;
        for (let k = 0, at = col * classes; k < classes; k++, at++) {
          if (counts[at]! > best) {
            best = counts[at]!;
            bestK = k;
          }
        }
        out[row * featW + col] = bestK;
        continue;
      }
      const sx = nearCol[col]!;
      const sy = nearRow[row]!;
      if (sx < 0 || sy < 0) continue;
      const k = lut[mask[sy * srcW + sx]!]!;
      if (k < classes) out[row * featW + col] = k;
    }
  }
  return out;
}

/**
 * Mask value → model class. A project class that no model class maps to, or that two do (the
 * label cannot say which), teaches nothing and is ignored like the ignore index.
 */
export function maskLookup(classMap: readonly (number | null)[]): Uint8Array {
  const lut = new Uint8Array(256).fill(UNLABELLED);
  const owners = new Map<number, number[]>();
  classMap.forEach((project, modelClass) => {
    if (project !== null) owners.set(project, [...(owners.get(project) ?? []), modelClass]);
  });
  for (const [project, models] of owners) if (models.length === 1) lut[project] = models[0]!;
  return lut;
}
