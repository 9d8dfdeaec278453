import type { ImageUncertainty } from '../../../shared/mining/uncertainty.js';

/** Score-map pixels [x0, x1) × [y0, y1) that show the image (letterbox padding left out). */
export interface Region {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * One image's scores: `classes` × h × w values, channel-major, from `offset` of a model output
 * that may hold a whole batch; logits, or probabilities already.
 */
export interface ScoreMap {
  scores: Float32Array;
  offset: number;
  classes: number;
  w: number;
  h: number;
  kind: 'logits' | 'probabilities';
}

export interface ScoreStatistics extends ImageUncertainty {
  /** Class probabilities, channel-major like the score map (entry k·w·h + p). */
  probs: Float32Array;
}

/** Where softmaxStatistics writes per pixel; both may be longer than one image needs. */
export interface SoftmaxTarget {
  /** Class probabilities, channel-major like the score map (entry k·w·h + p); null when only the statistics and best classes are wanted. */
  probs: Float32Array | null;
  /** Best class of every pixel as `probs` holds it (float32; ties: the lower id), or null when not wanted. */
  argmax: Uint8Array | null;
}

export interface SoftmaxOutcome extends ImageUncertainty {
  /** False when a score is NaN or infinite; the other fields are then meaningless. */
  finite: boolean;
}

/**
 * Class probabilities of one image of a channel-major score map (softmax over the channels for
 * logits, a copy for probabilities) and, in the same pass, the mean over `region` of the
 * entropy −Σ p ln p (nats) and of the margin best − second-best, whether every score is finite,
 * and (if asked) each pixel's best class. For logits the entropy comes as ln S − Σ p·z with
 * z = logit − max and S = Σ e^z: one logarithm per pixel, not per class. One pass over the
 * scores instead of one per result: the exponentials dominate, and everything else rides along.
 */
export function softmaxStatistics(map: ScoreMap, region: Region, target: SoftmaxTarget): SoftmaxOutcome {
  const { scores, offset, classes, w, h, kind } = map;
  const pixels = w * h;
  if (scores.length < offset + classes * pixels) throw new RangeError(`expected ${classes}×${h}×${w} scores from offset ${offset}`);
  const { probs, argmax } = target;
  if ((probs !== null && probs.length < classes * pixels) || (argmax !== null && argmax.length < pixels)) throw new RangeError(`the target is too small for ${classes}×${h}×${w} probabilities`);
  const e = new Float64Array(classes);
  const logits = kind === 'logits';
  // x − x is 0 for every finite x and NaN for NaN and ±∞, so one sum tells whether all were finite.
  let nonFinite = 0;
  let entropySum = 0;
  let marginSum = 0;
  for (let y = 0; y < h; y++) {
    const rowInside = y >= region.y0 && y < region.y1;
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      let best = 0;
      let second = 0;
      let entropy = 0;
      let stored = -Infinity;
      let bestClass = 0;
      if (logits) {
        let max = -Infinity;
        for (let k = 0, at = offset + p; k < classes; k++, at += pixels) {
          const v = scores[at]!;
          nonFinite += v - v;
          if (v > max) max = v;
        }
        let sum = 0;
        let weighted = 0;
        for (let k = 0, at = offset + p; k < classes; k++, at += pixels) {
          const z = scores[at]! - max;
          const v = Math.exp(z);
          e[k] = v;
          sum += v;
          weighted += v * z;
        }
        const inv = 1 / sum;
        for (let k = 0, at = p; k < classes; k++, at += pixels) {
          const q = e[k]! * inv;
          if (probs !== null) probs[at] = q;
          const f = Math.fround(q);
          if (f > stored) {
            stored = f;
            bestClass = k;
          }
          if (q > best) {
            second = best;
            best = q;
          } else if (q > second) second = q;
        }
        entropy = Math.log(sum) - weighted * inv;
      } else {
        for (let k = 0, at = offset + p, to = p; k < classes; k++, at += pixels, to += pixels) {
          const q = scores[at]!;
          nonFinite += q - q;
          if (probs !== null) probs[to] = q;
          if (q > stored) {
            stored = q;
            bestClass = k;
          }
          if (q > 0) entropy -= q * Math.log(q);
          if (q > best) {
            second = best;
            best = q;
          } else if (q > second) second = q;
        }
      }
      if (argmax !== null) argmax[p] = bestClass;
      if (rowInside && x >= region.x0 && x < region.x1) {
        entropySum += entropy;
        marginSum += best - second;
      }
    }
  }
  const counted = Math.max(1, (region.x1 - region.x0) * (region.y1 - region.y0));
  return { finite: nonFinite === 0, meanEntropy: entropySum / counted, meanMargin: marginSum / counted };
}

/** softmaxStatistics into a new probability array (label-quality score maps, embeddings). */
export function scoreStatistics(map: ScoreMap, region: Region): ScoreStatistics {
  const { scores, offset, classes, w, h } = map;
  if (scores.length < offset + classes * w * h) throw new RangeError(`expected ${classes}×${h}×${w} scores from offset ${offset}`);
  const probs = new Float32Array(classes * w * h);
  const { meanEntropy, meanMargin } = softmaxStatistics(map, region, { probs, argmax: null });
  return { probs, meanEntropy, meanMargin };
}

/** True when every score is a finite number. */
export function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
