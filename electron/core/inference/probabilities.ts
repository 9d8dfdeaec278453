import type { ImageUncertainty } from '../../../shared/mining/uncertainty.js';

/** Score-map pixels [x0, x1) × [y0, y1) that show the image (letterbox padding left out). */
export interface Region {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface ScoreStatistics extends ImageUncertainty {
  /** Class probabilities, channel-major like the score map (entry k·w·h + p). */
  probs: Float32Array;
}

/**
 * Class probabilities of one image of a channel-major score map (softmax over the channels for
 * logits, a copy for probabilities) and, in the same pass, the mean over `region` of the
 * entropy −Σ p ln p (nats) and of the margin best − second-best. For logits the entropy comes
 * as ln S − Σ p·z with z = logit − max and S = Σ e^z: one logarithm per pixel, not per class.
 */
export function scoreStatistics(
  scores: Float32Array,
  offset: number,
  classes: number,
  w: number,
  h: number,
  kind: 'logits' | 'probabilities',
  region: Region,
): ScoreStatistics {
  const pixels = w * h;
  if (scores.length < offset + classes * pixels) throw new RangeError(`expected ${classes}×${h}×${w} scores from offset ${offset}`);
  const probs = new Float32Array(classes * pixels);
  const e = new Float64Array(classes);
  let entropySum = 0;
  let marginSum = 0;
  for (let y = 0; y < h; y++) {
    const rowInside = y >= region.y0 && y < region.y1;
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      let best = 0;
      let second = 0;
      let entropy = 0;
      if (kind === 'logits') {
        let max = -Infinity;
        for (let k = 0, at = offset + p; k < classes; k++, at += pixels) if (scores[at]! > max) max = scores[at]!;
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
          probs[at] = q;
          if (q > best) {
            second = best;
            best = q;
          } else if (q > second) second = q;
        }
        entropy = Math.log(sum) - weighted * inv;
      } else {
        for (let k = 0, at = offset + p, to = p; k < classes; k++, at += pixels, to += pixels) {
          const q = scores[at]!;
          probs[to] = q;
          if (q > 0) entropy -= q * Math.log(q);
          if (q > best) {
            second = best;
            best = q;
          } else if (q > second) second = q;
        }
      }
      if (rowInside && x >= region.x0 && x < region.x1) {
        entropySum += entropy;
        marginSum += best - second;
      }
    }
  }
  const counted = Math.max(1, (region.x1 - region.x0) * (region.y1 - region.y0));
  return { probs, meanEntropy: entropySum / counted, meanMargin: marginSum / counted };
}

/** True when every score is a finite number. */
export function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
