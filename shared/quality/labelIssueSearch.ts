import { FaultlineError } from '../contract/errors.js';
import { finishThresholds, issueCuts } from './confidentThresholds.js';
import { ExactSum } from './exactSum.js';
import type { FlaggedPixels } from './flaggedPixels.js';
import { concatFlagged, emptyFlagged, FlaggedBuilder, mergeFlagged } from './flaggedPixels.js';
import { BUCKETS } from './orderKey.js';
import type { GatherPartial, PassPartial, PassPlan, RefinePartial, SearchConfig, SelectPartial } from './passPlan.js';
import type { QualityShape } from './types.js';

/** Everything a scoring run finds; per-image arrays are indexed by image. */
export interface LabelQualityResult {
  readonly imageCount: number;
  readonly shape: QualityShape;
  /** Labelled (not ignored) pixels per image at full resolution. */
  readonly validPixels: Float64Array;
  readonly softminScores: Float64Array | null;
  readonly confidentThresholds: Float64Array | null;
  /** The reference's estimate Q of the number of label issues (at working resolution). */
  readonly numIssuesEstimate: number | null;
  readonly flagged: FlaggedPixels | null;
}

export interface SearchGoals {
  /** Softmin image scores at this temperature, or null to skip them. */
  readonly softminTemperature: number | null;
  /** Thresholds, the issue estimate and the flagged pixels. */
  readonly findIssues: boolean;
  /** Most cells the cutoff bucket may hold before an extra pass replaces the candidate list. */
  readonly candidateLimit: number;
}

/** Position of a rank in a histogram: the bucket holding the rank-th smallest key and how many lie below it. */
export function locateRank(histogram: Float64Array, rank: number): { bucket: number; below: number } {
  let below = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const count = histogram[bucket]!;
    if (below + count >= rank) return { bucket, below };
    below += count;
  }
  throw new FaultlineError('internal', `rank ${rank} exceeds the ${below} keys of the histogram`);
}

/**
 * The confident-learning search as a sequence of passes over the images: it hands out the plan of the next
 * pass, takes the partial results of that pass (one per task, in image order) and finally assembles the
 * result. It holds no image data, so a driver can run the passes on the main thread or spread them over
 * workers. Every merge is exact (integer counts, exact sums) or an in-order concatenation, so the outcome
 * is the same for any batch size, task split or worker count.
 */
export class LabelIssueSearch {
  private readonly config: SearchConfig;
  private readonly goals: SearchGoals;
  private plan: PassPlan | null;
  private imageCount = 0;
  private validPixels: Float64Array = new Float64Array(0);
  private softminScores: Float64Array | null = null;
  private thresholds: Float64Array | null = null;
  private histogram: Float64Array | null = null;
  private issues: number | null = null;
  private flagged: FlaggedPixels | null = null;
  private cutoffBucket = 0;
  private belowBucket = 0;

  constructor(config: SearchConfig, goals: SearchGoals) {
    this.config = config;
    this.goals = goals;
    this.plan = { kind: 'gather', softminTemperature: goals.softminTemperature, thresholds: goals.findIssues };
  }

  /** The pass to run next, or null when the result is complete. */
  nextPlan(): PassPlan | null {
    return this.plan;
  }

  /** Takes the partials of the current pass, one per task in image order, and decides the next pass. */
  merge(partials: readonly PassPartial[]): void {
    const plan = this.plan;
    if (plan === null) throw new FaultlineError('internal', 'the label search has no pass left to merge');
    const images = partials.reduce((sum, partial) => sum + partial.images, 0);
    if (plan.kind !== 'gather' && images !== this.imageCount) {
      throw new FaultlineError(
        'invalid_input',
        `the source gave ${this.imageCount} images in the first pass and ${images} in a later one; every pass must see the same images`,
      );
    }
    switch (plan.kind) {
      case 'gather':
        this.mergeGather(partials as GatherPartial[]);
        break;
      case 'count':
        this.issues = partials.reduce((sum, partial) => sum + (partial.kind === 'count' ? partial.issues : 0), 0);
        this.planSelection();
        break;
      case 'refine':
        this.planExactSelection(partials as RefinePartial[]);
        break;
      case 'select':
      case 'select-exact':
        this.finishSelection(partials as SelectPartial[]);
        break;
    }
  }

  result(): LabelQualityResult {
    if (this.plan !== null) throw new FaultlineError('internal', 'the label search is not finished');
    const { K, H, W } = this.config;
    return {
      imageCount: this.imageCount,
      shape: { K, H, W },
      validPixels: this.validPixels,
      softminScores: this.softminScores,
      confidentThresholds: this.thresholds,
      numIssuesEstimate: this.issues,
      flagged: this.flagged,
    };
  }

  private mergeGather(partials: readonly GatherPartial[]): void {
    const { K } = this.config;
    this.imageCount = partials.reduce((sum, partial) => sum + partial.images, 0);
    this.validPixels = concatFloats(partials.map((partial) => partial.validPixels));
    if (this.goals.softminTemperature !== null) this.softminScores = concatFloats(partials.map((partial) => partial.softmin!));
    if (!this.goals.findIssues) {
      this.plan = null;
      return;
    }
    const sums = Array.from({ length: K }, () => new ExactSum());
    const counts = new Float64Array(K);
    const histogram = new Float64Array(BUCKETS);
    for (const partial of partials) {
      for (let k = 0; k < K; k++) {
        sums[k]!.addAll(new ExactSum(partial.classSums![k]!));
        counts[k] = counts[k]! + partial.classCounts![k]!;
      }
      addInto(histogram, partial.histogram!);
    }
    this.thresholds = finishThresholds(sums, counts);
    this.histogram = histogram;
    this.plan = { kind: 'count', cuts: issueCuts(this.thresholds) };
  }

  /** Finds the coarse bucket of the Q-th smallest key and picks the cheapest way to resolve it. */
  private planSelection(): void {
    const issues = this.issues!;
    const histogram = this.histogram!;
    const total = histogram.reduce((sum, count) => sum + count, 0);
    if (issues === 0) {
      this.flagged = emptyFlagged();
      this.plan = null;
      return;
    }
    if (issues >= total) {
      this.plan = { kind: 'select', bucket: BUCKETS, candidates: false };
      return;
    }
    const { bucket, below } = locateRank(histogram, issues);
    this.cutoffBucket = bucket;
    this.belowBucket = below;
    const inBucket = histogram[bucket]!;
    if (below + inBucket === issues) this.plan = { kind: 'select', bucket: bucket + 1, candidates: false };
    else if (inBucket <= this.goals.candidateLimit) this.plan = { kind: 'select', bucket, candidates: true };
    else this.plan = { kind: 'refine', bucket };
  }

  private planExactSelection(partials: readonly RefinePartial[]): void {
    const fine = new Float64Array(BUCKETS);
    for (const partial of partials) addInto(fine, partial.histogram);
    const need = this.issues! - this.belowBucket;
    const { bucket: low, below } = locateRank(fine, need);
    let ties = need - below;
    const tieQuotas = partials.map((partial) => {
      const quota = Math.min(ties, partial.histogram[low]!);
      ties -= quota;
      return quota;
    });
    this.plan = { kind: 'select-exact', cutoffKey: this.cutoffBucket * 65536 + low, tieQuotas };
  }

  /** Joins the partial selections and, in bucket mode, takes the candidates that complete the Q smallest. */
  private finishSelection(partials: readonly SelectPartial[]): void {
    const sure = concatFlagged(partials.map((partial) => partial.sure));
    const candidateCount = partials.reduce((sum, partial) => sum + partial.candidates.low.length, 0);
    if (candidateCount === 0) {
      this.flagged = sure;
      this.plan = null;
      return;
    }
    const fine = new Float64Array(BUCKETS);
    for (const partial of partials) for (const low of partial.candidates.low) fine[low] = fine[low]! + 1;
    const need = this.issues! - this.belowBucket;
    const { bucket: cutoffLow, below } = locateRank(fine, need);
    let ties = need - below;
    const taken = new Uint8Array(candidateCount);
    let ordinal = 0;
    for (const partial of partials) {
      for (const low of partial.candidates.low) {
        if (low < cutoffLow || (low === cutoffLow && ties-- > 0)) taken[ordinal] = 1;
        ordinal++;
      }
    }
    const chosen = new FlaggedBuilder();
    let offset = 0;
    for (const partial of partials) {
      const { pending, pendingCandidate } = partial;
      for (let i = 0; i < pending.image.length; i++) {
        if (taken[offset + pendingCandidate[i]!] === 1) chosen.push(pending.image[i]!, pending.pixel[i]!, pending.given[i]!, pending.predicted[i]!);
      }
      offset += partial.candidates.low.length;
    }
    this.flagged = mergeFlagged(sure, chosen.finish());
    this.plan = null;
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] = target[i]! + source[i]!;
}

function concatFloats(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
