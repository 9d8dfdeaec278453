import type { OutputMapping } from '../inference/resizePlan.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';


/**
 * The stored probabilities of an image live on the model's score map (outW × outH, letterbox
 * padding included). Scoring them against a full-resolution mask needs the mask on that grid:
 * every image pixel belongs to the score-map pixel whose centre is nearest, and each score-map
 * pixel takes the majority label of its image pixels. Flagged score-map pixels are then shown on
 * the image pixels that carry the label they were flagged for.
 */
export interface ScoreMapGrid {
  readonly outW: number;
  readonly outH: number;
  /** Score-map column of each image column, −1 where the column is cut off (crop policy). */
  readonly columnCell: Int32Array;
  /** Score-map row of each image row, −1 where it is cut off; never decreasing. */
  readonly rowCell: Int32Array;
}

function nearest(n: number, a: number, b: number, outN: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => {
    const cell = Math.round((i + 0.5) * a + b - 0.5);
    return cell < 0 || cell >= outN ? -1 : cell;
  });
}

export function scoreMapGrid(mapping: OutputMapping, srcW: number, srcH: number, outW: number, outH: number): ScoreMapGrid {
  return { outW, outH, columnCell: nearest(srcW, mapping.ax, mapping.bx, outW), rowCell: nearest(srcH, mapping.ay, mapping.by, outH) };
}

/**
 * The mask on the score-map grid: per score-map pixel the most frequent label among its image
 * pixels after `lut` (lowest class on ties), UNLABELLED where none is labelled (padding included).
 * Votes are kept for one score-map row at a time, so memory is outW × K whatever the image size.
 */
export function majorityLabels(mask: Uint8Array, srcW: number, grid: ScoreMapGrid, K: number, lut: Uint8Array): Uint8Array {
  const { outW, outH, columnCell, rowCell } = grid;
  const out = new Uint8Array(outW * outH).fill(UNLABELLED);
  const votes = new Uint32Array(outW * K);
  let row = -1;
  const finishRow = (): void => {
    if (row < 0) return;
    for (let x = 0; x < outW; x++) {
      let best = -1;
      let bestVotes = 0;
      for (let k = 0; k < K; k++) {
        const v = votes[x * K + k]!;
        if (v > bestVotes) {
          bestVotes = v;
          best = k;
        }
      }
      if (best >= 0) out[row * outW + x] = best;
    }
    votes.fill(0);
  };
  for (let y = 0; y < rowCell.length; y++) {
    const r = rowCell[y]!;
    if (r < 0) continue;
    if (r !== row) {
      finishRow();
      row = r;
    }
    const line = y * srcW;
    for (let x = 0; x < srcW; x++) {
      const c = columnCell[x]!;
      const label = lut[mask[line + x]!]!;
      if (c < 0 || label >= K) continue;
      const at = c * K + label;
      votes[at] = votes[at]! + 1;
    }
  }
  finishRow();
  return out;
}

/** A flagged pixel of the working grid, with the label it carries and the class the model predicts there. */
export interface FlaggedCell {
  readonly cell: number;
  readonly given: number;
  readonly predicted: number;
}

/** Flagged pixels of one image at its own resolution, and how many there are per (given, predicted) pair. */
export interface ImageFlags {
  /** srcW × srcH, 1 where flagged. */
  readonly mask: Uint8Array;
  readonly issues: number;
  readonly pairs: ReadonlyArray<{ given: number; predicted: number; pixels: number }>;
}

export function pairsOf(counts: Map<number, number>, K: number): Array<{ given: number; predicted: number; pixels: number }> {
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([key, pixels]) => ({ given: Math.floor(key / K), predicted: key % K, pixels }));
}

/**
 * Image pixels of the flagged score-map pixels: those whose own label (after `lut`) is the label
 * the score-map pixel was flagged for; a minority label in the same cell is not implicated.
 */
export function expandFlaggedCells(
  cells: readonly FlaggedCell[],
  mask: Uint8Array,
  srcW: number,
  srcH: number,
  grid: ScoreMapGrid,
  K: number,
  lut: Uint8Array,
): ImageFlags {
  const out = new Uint8Array(srcW * srcH);
  const byCell = new Map(cells.map((c) => [c.cell, c]));
  const counts = new Map<number, number>();
  let issues = 0;
  if (byCell.size > 0) {
    for (let y = 0; y < srcH; y++) {
      const r = grid.rowCell[y]!;
      if (r < 0) continue;
      for (let x = 0; x < srcW; x++) {
        const c = grid.columnCell[x]!;
        if (c < 0) continue;
        const flagged = byCell.get(r * grid.outW + c);
        if (flagged === undefined || lut[mask[y * srcW + x]!] !== flagged.given) continue;
        out[y * srcW + x] = 1;
        issues++;
        const key = flagged.given * K + flagged.predicted;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return { mask: out, issues, pairs: pairsOf(counts, K) };
}

/** The same for a full-resolution working canvas whose top-left srcW × srcH pixels are the image. */
export function flaggedOnCanvas(cells: readonly FlaggedCell[], canvasW: number, srcW: number, srcH: number, K: number): ImageFlags {
  const out = new Uint8Array(srcW * srcH);
  const counts = new Map<number, number>();
  let issues = 0;
  for (const { cell, given, predicted } of cells) {
    const x = cell % canvasW;
    const y = Math.floor(cell / canvasW);
    if (x >= srcW || y >= srcH) continue;
    out[y * srcW + x] = 1;
    issues++;
    const key = given * K + predicted;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { mask: out, issues, pairs: pairsOf(counts, K) };
}
