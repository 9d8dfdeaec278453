/**
 * How far a pixel's class probabilities may sum from 1: float32 softmax exports land within 1e-6,
 * float16 ones within about 1e-3; anything further is not a probability distribution.
 */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

export interface ProbabilityProblem {
  /** Pixels of the batch whose probabilities are not a distribution. */
  readonly pixels: number;
  /** The first of them, in image order: the image's index in the file and the pixel's row-major index. */
  readonly image: number;
  readonly pixel: number;
  readonly reason: string;
}

const FINE = 0;
const NOT_FINITE = 1;
const NEGATIVE = 2;

/**
 * Checks every pixel of a batch of channel-major probabilities (images × K × pixels): each value
 * finite and non-negative, each pixel's values summing to 1 within PROBABILITY_SUM_TOLERANCE.
 * With `renormalise`, a pixel that is finite, non-negative and sums to more than 0 is divided by
 * its sum in place instead. Returns null when every pixel is (now) a distribution.
 */
export function checkProbabilityRows(
  probs: Float32Array,
  images: number,
  K: number,
  pixels: number,
  firstImage: number,
  renormalise: boolean,
): ProbabilityProblem | null {
  const sums = new Float64Array(pixels);
  const state = new Uint8Array(pixels);
  let count = 0;
  let first: Omit<ProbabilityProblem, 'pixels'> | null = null;
  for (let image = 0; image < images; image++) {
    const base = image * K * pixels;
    sums.fill(0);
    state.fill(FINE);
    for (let k = 0; k < K; k++) {
      const row = base + k * pixels;
      for (let p = 0; p < pixels; p++) {
        const v = probs[row + p]!;
        if (v >= 0 && v !== Infinity) sums[p]! += v;
        else if (state[p] === FINE) state[p] = v < 0 ? NEGATIVE : NOT_FINITE;
      }
    }
    for (let p = 0; p < pixels; p++) {
      let reason: string | null = state[p] === NOT_FINITE ? 'a value that is not finite' : state[p] === NEGATIVE ? 'a negative value' : null;
      const sum = sums[p]!;
      if (reason === null && Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
        if (renormalise && sum > 0) {
          const scale = 1 / sum;
          for (let k = 0; k < K; k++) probs[base + k * pixels + p]! *= scale;
        } else {
          reason = `values summing to ${sum.toPrecision(6)}`;
        }
      }
      if (reason === null) continue;
      count++;
      first ??= { image: firstImage + image, pixel: p, reason };
    }
  }
  return first === null ? null : { pixels: count, ...first };
}
