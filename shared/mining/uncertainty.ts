/**
 * Per-image uncertainty of the target for the entropy and margin baselines, computed once at
 * inference time and stored (the probability tensor itself is too large to keep for a pool).
 */

export interface ImageUncertainty {
  /** Mean over pixels of −Σ_k p_k ln p_k (nats; 0·ln 0 = 0). */
  meanEntropy: number;
  /** Mean over pixels of best − second-best probability (with one class: the best probability). */
  meanMargin: number;
}

/**
 * probs: class probabilities (softmax already applied), channel-major like an ONNX NCHW output
 * for one image: entry k*numPixels + p is the probability of class k at pixel p.
 */
export function imageUncertainty(probs: Float32Array, numClasses: number, numPixels: number): ImageUncertainty {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be ≥ 1, got ${numClasses}`);
  if (!Number.isInteger(numPixels) || numPixels < 1) throw new RangeError(`numPixels must be ≥ 1, got ${numPixels}`);
  if (probs.length !== numClasses * numPixels) {
    throw new RangeError(`expected ${numClasses}×${numPixels} probabilities, got ${probs.length}`);
  }
  let entropySum = 0;
  let marginSum = 0;
  for (let p = 0; p < numPixels; p++) {
    let best = 0;
    let second = 0;
    let h = 0;
    for (let k = 0; k < numClasses; k++) {
      const q = probs[k * numPixels + p]!;
      if (q > 0) h -= q * Math.log(q);
      if (q > best) {
        second = best;
        best = q;
      } else if (q > second) {
        second = q;
      }
    }
    entropySum += h;
    marginSum += best - second;
  }
  return { meanEntropy: entropySum / numPixels, meanMargin: marginSum / numPixels };
}
