import { classFractions } from '../../../shared/mining/classFractions.js';
import { predictionMapSize } from '../../../shared/labels/predictionMapSize.js';
import { deflateLabelMap } from '../store/labelMapBlob.js';
import { softmaxStatistics } from './probabilities.js';
import { encodeProbs } from './probsBlob.js';
import { contentRegion, outputMapping, type ResizePlan } from './resizePlan.js';
import { isOneToOne, upsampleArgmaxInto } from './upsampleArgmax.js';
import type { StoredPrediction } from '../store/predictions.js';

export interface PostProcessSetup {
  kind: 'logits' | 'probabilities';
  /** Model class id → stored label (project class id or 255). */
  lut: Uint8Array;
  /** Length of the class-fractions vector; 0 for none. */
  projectClassSlots: number;
  storeProbs: boolean;
}

/**
 * Turns one image's slice of a channel-major score map into what inference stores: softmax,
 * entropy, margin, each score-map pixel's best class and the finiteness check in one pass, the
 * label map at its stored size (predictionMapSize: the original size unless the photo is far
 * larger than the score map) from those, then class fractions and compression. The
 * probabilities, best classes and full-size labels live in buffers kept from image to image, so
 * a run allocates only what it hands on (the deflated map, the fractions, stored probabilities).
 */
export class PredictionPostProcessor {
  private probs = new Float32Array(0);
  private argmax = new Uint8Array(0);
  private labels = new Uint8Array(0);

  constructor(private readonly setup: PostProcessSetup) {}

  /** Null when the image's scores hold a NaN or an infinity. */
  image(scores: Float32Array, offset: number, classes: number, w: number, h: number, plan: ResizePlan): StoredPrediction | null {
    const pixels = w * h;
    if (this.probs.length < classes * pixels) this.probs = new Float32Array(classes * pixels);
    if (this.argmax.length < pixels) this.argmax = new Uint8Array(pixels);
    const size = predictionMapSize({ width: plan.srcW, height: plan.srcH }, { width: w, height: h });
    if (this.labels.length < size.width * size.height) this.labels = new Uint8Array(size.width * size.height);
    const probs = this.probs.subarray(0, classes * pixels);
    const upsample = { classes, outW: w, outH: h, mapping: outputMapping(plan, w, h, size), srcW: size.width, srcH: size.height, lut: this.setup.lut };
    // An image at the model's size takes its labels from the best classes alone: the probabilities are only written when stored.
    const wantProbs = this.setup.storeProbs || !isOneToOne(upsample);
    const stats = softmaxStatistics({ scores, offset, classes, w, h, kind: this.setup.kind }, contentRegion(plan, w, h), { probs: wantProbs ? probs : null, argmax: this.argmax });
    if (!stats.finite) return null;
    const labels = this.labels.subarray(0, size.width * size.height);
    upsampleArgmaxInto(probs, this.argmax, upsample, labels);
    const slots = this.setup.projectClassSlots;
    return {
      width: size.width,
      height: size.height,
      // A copy the size of the data: the deflate output may sit in a larger buffer, and this one is transferred.
      labelMap: new Uint8Array(deflateLabelMap(labels, 'fast')),
      classFractions: slots === 0 ? new Float32Array(0) : classFractions(labels, slots),
      meanEntropy: stats.meanEntropy,
      meanMargin: stats.meanMargin,
      probs: this.setup.storeProbs ? encodeProbs(probs, classes, h, w) : null,
    };
  }
}
