import { FaultlineError } from '../contract/errors.js';
import type { LabelMode, WorkingLabels } from './types.js';

/** numpy's round: halves go to the even neighbour (0.5 → 0, 1.5 → 2, 2.5 → 2). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function checkDownsample(D: number, H: number, W: number): void {
  if (!Number.isInteger(D) || D < 1) {
    throw new FaultlineError('invalid_input', `downsample must be a positive integer, got ${D}`);
  }
  if (H % D !== 0 || W % D !== 0) {
    throw new FaultlineError(
      'invalid_input',
      `Height ${H} and width ${W} not divisible by downsample value of ${D}. Set kwarg downsample to 1 to avoid downsampling.`,
    );
  }
}

/** Reusable buffers for downsampling one image at a time. */
export class Downsampler {
  readonly h: number;
  readonly w: number;
  readonly probs: Float32Array;
  /** The same memory as `probs`, as bit patterns. */
  readonly bits: Uint32Array;
  readonly labels: WorkingLabels;
  private readonly sums: Float64Array;
  private readonly votes: Uint32Array;
  private readonly cellOfColumn: Int32Array;

  private readonly K: number;
  private readonly H: number;
  private readonly W: number;
  private readonly D: number;
  private readonly mode: LabelMode;

  constructor(K: number, H: number, W: number, D: number, mode: LabelMode, labels: WorkingLabels) {
    this.K = K;
    this.H = H;
    this.W = W;
    this.D = D;
    this.mode = mode;
    this.h = H / D;
    this.w = W / D;
    this.probs = new Float32Array(K * this.h * this.w);
    this.bits = new Uint32Array(this.probs.buffer);
    this.sums = new Float64Array(K * this.h * this.w);
    this.labels = labels;
    this.votes = new Uint32Array(K);
    this.cellOfColumn = Int32Array.from({ length: W }, (_, x) => Math.floor(x / D));
  }

  /**
   * Block-mean of each class plane, then each cell's vector divided by its sum, rounded to float32 as the
   * reference stores it (it averages in float32; float64 means matched its masks in every case tried).
   */
  downsampleProbs(probs: Float32Array, offset: number): Float32Array {
    const { K, H, W, D, h, w, sums, cellOfColumn } = this;
    const cells = h * w;
    sums.fill(0);
    for (let k = 0; k < K; k++) {
      const plane = offset + k * H * W;
      const out = k * cells;
      for (let y = 0; y < H; y++) {
        const row = plane + y * W;
        const cellRow = out + Math.floor(y / D) * w;
        for (let x = 0; x < W; x++) {
          const cell = cellRow + cellOfColumn[x]!;
          sums[cell] = sums[cell]! + probs[row + x]!;
        }
      }
    }
    const area = D * D;
    for (let c = 0; c < cells; c++) {
      let total = 0;
      for (let k = 0; k < K; k++) total += sums[k * cells + c]! / area;
      for (let k = 0; k < K; k++) this.probs[k * cells + c] = sums[k * cells + c]! / area / total;
    }
    return this.probs;
  }

  /** One label per block from the working labels of one image; a block with no labelled pixel is skipped. */
  downsampleLabels(labels: WorkingLabels, offset: number, skipped: number): WorkingLabels {
    const { K, W, D, h, w, votes } = this;
    for (let a = 0; a < h; a++) {
      for (let b = 0; b < w; b++) {
        votes.fill(0);
        let count = 0;
        let indexSum = 0;
        for (let dy = 0; dy < D; dy++) {
          const row = offset + (a * D + dy) * W + b * D;
          for (let dx = 0; dx < D; dx++) {
            const label = labels[row + dx]!;
            if (label >= K) continue;
            votes[label] = votes[label]! + 1;
            indexSum += label;
            count++;
          }
        }
        this.labels[a * w + b] = count === 0 ? skipped : this.mode === 'majority' ? majority(votes) : roundHalfEven(indexSum / count);
      }
    }
    return this.labels;
  }
}

function majority(votes: Uint32Array): number {
  let best = 0;
  for (let k = 1; k < votes.length; k++) if (votes[k]! > votes[best]!) best = k;
  return best;
}
