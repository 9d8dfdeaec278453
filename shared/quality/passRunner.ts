import { FaultlineError } from '../contract/errors.js';
import { CountKernel } from './countKernel.js';
import { Downsampler } from './downsample.js';
import { GatherKernel } from './gatherKernel.js';
import type { PassPartial, PassPlan, SearchConfig } from './passPlan.js';
import { RefineKernel, SelectKernel } from './selectKernel.js';
import type { ImageBatch, ImageView } from './types.js';
import { allocateWorkingLabels, ignoredLabel, kernelLabels } from './workingLabels.js';

interface Kernel {
  readonly needsWorking: boolean;
  image(full: ImageView, work: ImageView): void;
  finish(): PassPartial;
}

function makeKernel(config: SearchConfig, plan: PassPlan, tieQuota: number): Kernel {
  switch (plan.kind) {
    case 'gather':
      return new GatherKernel(config, plan.softminTemperature, plan.thresholds);
    case 'count':
      return new CountKernel(config, plan.cuts);
    case 'refine':
      return new RefineKernel(config, plan.bucket);
    case 'select':
      return new SelectKernel(config, { bucket: plan.bucket, candidates: plan.candidates });
    case 'select-exact':
      return new SelectKernel(config, { cutoffKey: plan.cutoffKey, tieQuota });
  }
}

/**
 * Runs one pass over a contiguous run of images, batch by batch: checks each batch's size, turns its labels
 * into working labels (in the first pass, labels that need mapping are validated then; the others by the
 * first pass's kernel in its own loop), downsamples when asked, and hands every image to the pass's kernel.
 * The same runner serves the main thread and the workers.
 */
export class PassRunner {
  private readonly config: SearchConfig;
  private readonly kernel: Kernel;
  private readonly validate: boolean;
  private readonly downsampler: Downsampler | null;
  private nextImage: number;

  constructor(config: SearchConfig, plan: PassPlan, firstImage: number, tieQuota = 0) {
    this.config = config;
    this.kernel = makeKernel(config, plan, tieQuota);
    this.validate = plan.kind === 'gather';
    this.nextImage = firstImage;
    const { K, H, W, downsample: D, labelMode } = config;
    this.downsampler =
      D > 1 && this.kernel.needsWorking ? new Downsampler(K, H, W, D, labelMode, allocateWorkingLabels(K, (H * W) / (D * D))) : null;
  }

  add(batch: ImageBatch): void {
    const { K, H, W, ignoreIndex } = this.config;
    const pixels = H * W;
    const n = batchImageCount(batch, this.config);
    const { labels, unlabelled } = kernelLabels(batch.labels, K, ignoreIndex, this.validate ? { firstImage: this.nextImage, H, W } : null);
    const bits = new Uint32Array(batch.probs.buffer, batch.probs.byteOffset, batch.probs.length);
    for (let j = 0; j < n; j++) {
      const full: ImageView = { index: this.nextImage, labels, labelOffset: j * pixels, unlabelled, probs: batch.probs, bits, probOffset: j * K * pixels };
      this.kernel.image(full, this.downsampler === null ? full : this.downsample(full));
      this.nextImage++;
    }
  }

  private downsample(full: ImageView): ImageView {
    const downsampler = this.downsampler!;
    const probs = downsampler.downsampleProbs(full.probs, full.probOffset);
    const unlabelled = ignoredLabel(this.config.K);
    const labels = downsampler.downsampleLabels(full.labels, full.labelOffset, unlabelled);
    return { index: full.index, labels, labelOffset: 0, unlabelled, probs, bits: downsampler.bits, probOffset: 0 };
  }

  finish(): PassPartial {
    return this.kernel.finish();
  }
}

/** Number of images in a batch, after checking that its labels and probabilities agree with the shape. */
export function batchImageCount(batch: ImageBatch, shape: { K: number; H: number; W: number }): number {
  const { K, H, W } = shape;
  const pixels = H * W;
  if (batch.labels.length % pixels !== 0) {
    throw new FaultlineError('invalid_input', `a batch holds ${batch.labels.length} labels, not a whole number of ${H}×${W} label maps`);
  }
  const n = batch.labels.length / pixels;
  if (batch.probs.length !== n * K * pixels) {
    throw new FaultlineError(
      'invalid_input',
      `a batch holds ${n} label maps but ${batch.probs.length} probabilities; expected ${n}×${K}×${H}×${W} = ${n * K * pixels}`,
    );
  }
  return n;
}
