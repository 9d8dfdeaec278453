import { FaultlineError } from '../contract/errors.js';
import { finishThresholds, issueCuts } from './confidentThresholds.js';
import { ExactSum } from './exactSum.js';
import { flaggedToMask, numPixelIssuesScores } from './flaggedPixels.js';
import type { LabelQualityResult } from './labelIssueSearch.js';
import { LabelIssueSearch } from './labelIssueSearch.js';
import type { CountPartial, GatherPartial } from './passPlan.js';
import { PassRunner } from './passRunner.js';
import type { SearchOptions } from './searchConfig.js';
import { checkSoftminTemperature, searchConfig } from './searchConfig.js';
import { argmaxAt } from './selectKernel.js';
import { DEFAULT_TEMPERATURE, SCORE_METHODS, type LabelArray, type QualityShape, type ScoreMethod } from './types.js';
import { toWorkingLabels } from './workingLabels.js';

/**
 * In-memory forms of the reference functions (labels (N, H, W), probabilities (N, K, H, W), row-major),
 * for data that fits in memory and for tests. They run the same passes as the streaming scoreLabelQuality,
 * on one batch, synchronously.
 */


export interface InMemoryOptions extends SearchOptions {
  readonly softminTemperature?: number | null;
  readonly findIssues?: boolean;
  readonly candidateLimit?: number;
}

/** Runs the whole search over arrays in memory. */
export function searchInMemory(labels: LabelArray, probs: Float32Array, shape: QualityShape, options: InMemoryOptions = {}): LabelQualityResult {
  const config = searchConfig(shape, options);
  const softminTemperature = options.softminTemperature === undefined ? DEFAULT_TEMPERATURE : options.softminTemperature;
  checkSoftminTemperature(softminTemperature);
  const search = new LabelIssueSearch(config, {
    softminTemperature,
    findIssues: options.findIssues ?? true,
    candidateLimit: options.candidateLimit ?? Number.POSITIVE_INFINITY,
  });
  for (let plan = search.nextPlan(); plan !== null; plan = search.nextPlan()) {
    const runner = new PassRunner(config, plan, 0, plan.kind === 'select-exact' ? plan.tieQuotas[0]! : 0);
    runner.add({ labels, probs });
    search.merge([runner.finish()]);
  }
  return search.result();
}

/** The (N, H, W) 0/1 mask of label issues (the reference's find_label_issues). */
export function findLabelIssues(labels: LabelArray, probs: Float32Array, shape: QualityShape, options: SearchOptions = {}): Uint8Array {
  const result = searchInMemory(labels, probs, shape, { ...options, softminTemperature: null });
  return flaggedToMask(result.flagged!, result.imageCount, shape.H * shape.W);
}

/** Per-class confident thresholds (mean p(k) over the pixels labelled k, at least 2e-6). */
export function confidentThresholds(labels: LabelArray, probs: Float32Array, shape: QualityShape, options: SearchOptions = {}): Float64Array {
  const config = searchConfig(shape, options);
  const runner = new PassRunner(config, { kind: 'gather', softminTemperature: null, thresholds: true }, 0);
  runner.add({ labels, probs });
  const partial = runner.finish() as GatherPartial;
  return finishThresholds(
    partial.classSums!.map((partials) => new ExactSum(partials)),
    partial.classCounts!,
  );
}

/** The estimated number of label issues Q for given thresholds (pixels predicted confidently as another class). */
export function estimateIssueCount(
  labels: LabelArray,
  probs: Float32Array,
  shape: QualityShape,
  thresholds: Float64Array,
  options: SearchOptions = {},
): number {
  const config = searchConfig(shape, options);
  const runner = new PassRunner(config, { kind: 'count', cuts: issueCuts(thresholds) }, 0);
  runner.add({ labels, probs });
  return (runner.finish() as CountPartial).issues;
}

/**
 * Image scores (lower = more likely mislabelled) and pixel scores (the self-confidence p(label); NaN
 * where the label is the ignore index), as the reference's get_label_quality_scores.
 */
export function labelQualityScores(
  labels: LabelArray,
  probs: Float32Array,
  shape: QualityShape,
  options: SearchOptions & { readonly method?: ScoreMethod; readonly temperature?: number } = {},
): { imageScores: Float64Array; pixelScores: Float32Array } {
  const method = options.method ?? 'softmin';
  if (!SCORE_METHODS.includes(method)) {
    throw new FaultlineError('invalid_input', `Invalid Method: Specify correct method. Currently supports ${SCORE_METHODS.join(', ')}`);
  }
  const pixelScores = selfConfidence(labels, probs, shape, options.ignoreIndex ?? null);
  if (method === 'softmin') {
    const result = searchInMemory(labels, probs, shape, {
      ignoreIndex: options.ignoreIndex ?? null,
      softminTemperature: options.temperature ?? DEFAULT_TEMPERATURE,
      findIssues: false,
    });
    return { imageScores: result.softminScores!, pixelScores };
  }
  const result = searchInMemory(labels, probs, shape, { ...options, softminTemperature: null });
  return { imageScores: numPixelIssuesScores(result.flagged!, result.validPixels), pixelScores };
}

/** p(label) per pixel, (N, H, W); NaN for ignored pixels. */
export function selfConfidence(labels: LabelArray, probs: Float32Array, shape: QualityShape, ignoreIndex: number | null = null): Float32Array {
  const { K, H, W } = shape;
  const pixels = H * W;
  const working = toWorkingLabels(labels, K, ignoreIndex, { firstImage: 0, H, W });
  const out = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = working[i]!;
    const image = Math.floor(i / pixels);
    out[i] = label >= K ? Number.NaN : probs[(image * K + label) * pixels + (i % pixels)]!;
  }
  return out;
}

/** argmax over K per pixel, (N, H, W), lowest class index on ties. */
export function predictedClasses(probs: Float32Array, shape: QualityShape): Uint16Array {
  const { K, H, W } = shape;
  const pixels = H * W;
  const out = new Uint16Array(probs.length / K);
  for (let i = 0; i < out.length; i++) {
    const image = Math.floor(i / pixels);
    out[i] = argmaxAt(probs, image * K * pixels, pixels, K, i % pixels);
  }
  return out;
}
