import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { NpyWriter } from './npy.js';
import { countFlaggedPairs, rowsFromCounts } from '../../../shared/quality/commonLabelIssues.js';
import { imageMask, issuesPerImage, numPixelIssuesScores, type FlaggedPixels } from '../../../shared/quality/flaggedPixels.js';
import { npySource, openNpyImageSource } from './npyBatchSource.js';
import { scoreLabelQuality, type QualityProgress } from './scoreLabelQuality.js';
import { DEFAULT_TEMPERATURE } from '../../../shared/quality/types.js';

export interface ScoreLabelsOptions {
  readonly labels: string;
  readonly predProbs: string;
  readonly out: string;
  readonly issuesOut?: string;
  readonly method?: 'softmin' | 'num_pixel_issues';
  readonly temperature?: number;
  readonly downsample?: number;
  readonly labelMode?: 'majority' | 'compatible-mean';
  readonly ignoreIndex?: number | null;
  readonly batchSize?: number;
  readonly workers?: number;
  /** Rescale pixels whose probabilities do not quite sum to 1 instead of refusing the file. */
  readonly renormalise?: boolean;
}

/** What RESULT.json holds (snake_case, as the reference's names). */
export interface ScoreLabelsReport {
  readonly format: 'faultline-label-quality/1';
  readonly inputs: { labels: string; pred_probs: string; N: number; K: number; H: number; W: number };
  readonly options: {
    method: string;
    /** Null when the softmin scores were not asked for. */
    temperature: number | null;
    downsample: number;
    label_mode: string;
    ignore_index: number | null;
    batch_size: number;
    workers: number;
  };
  readonly image_scores: number[];
  readonly confident_thresholds: number[];
  readonly num_issues_estimate: number;
  readonly num_flagged_pixels: number;
  readonly issues_per_image: number[];
  /** [given, predicted, count], most frequent first. */
  readonly common_label_issues: [number, number, number][];
}

export interface ScoreLabelsHooks {
  readonly onProgress?: (progress: QualityProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Scores the labels of LABELS.npy against PROBS.npy and writes RESULT.json (and ISSUES.npy, the
 * (N, H, W) bool mask of flagged pixels, when asked). Streams the probability file a batch at a time.
 */
export async function scoreLabelsFiles(options: ScoreLabelsOptions, hooks: ScoreLabelsHooks = {}): Promise<ScoreLabelsReport> {
  const params = { labelsPath: resolve(options.labels), probsPath: resolve(options.predProbs), probabilities: options.renormalise ? ('renormalise' as const) : ('check' as const) };
  const batchSize = options.batchSize ?? 8;
  const workers = options.workers ?? 1;
  const method = options.method ?? 'softmin';
  const temperature = options.temperature ?? DEFAULT_TEMPERATURE;
  const downsample = options.downsample ?? 1;
  const labelMode = options.labelMode ?? 'majority';
  const ignoreIndex = options.ignoreIndex ?? null;
  const files = openNpyImageSource(params);
  try {
    const result = await scoreLabelQuality(npySource(files, params, batchSize), {
      softminTemperature: method === 'softmin' ? temperature : null,
      downsample,
      labelMode,
      ignoreIndex,
      workers,
      batchSize,
      ...(hooks.onProgress === undefined ? {} : { onProgress: hooks.onProgress }),
      ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
    });
    const { K, H, W } = result.shape;
    const flagged = result.flagged!;
    const imageScores = method === 'softmin' ? result.softminScores! : numPixelIssuesScores(flagged, result.validPixels);
    const rows = rowsFromCounts(countFlaggedPairs(flagged, K), K, { top: K * K });
    const report: ScoreLabelsReport = {
      format: 'faultline-label-quality/1',
      inputs: { labels: params.labelsPath, pred_probs: params.probsPath, N: result.imageCount, K, H, W },
      options: { method, temperature: method === 'softmin' ? temperature : null, downsample, label_mode: labelMode, ignore_index: ignoreIndex, batch_size: batchSize, workers },
      image_scores: Array.from(imageScores),
      confident_thresholds: Array.from(result.confidentThresholds!),
      num_issues_estimate: result.numIssuesEstimate!,
      num_flagged_pixels: flagged.image.length,
      issues_per_image: issuesPerImage(flagged, result.imageCount),
      common_label_issues: rows.map((row) => [row.given, row.predicted, row.count]),
    };
    writeOutput(options.out, () => writeFileSync(options.out, `${JSON.stringify(report, null, 1)}\n`));
    if (options.issuesOut !== undefined) {
      const target = options.issuesOut;
      writeOutput(target, () => writeIssueMask(target, flagged, result.imageCount, H, W));
    }
    return report;
  } finally {
    files.close?.();
  }
}

function writeOutput(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (error instanceof FaultlineError) throw error;
    throw new FaultlineError('not_writable', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The bool mask, one image at a time, so it never has to be dense in memory. */
function writeIssueMask(file: string, flagged: FlaggedPixels, imageCount: number, H: number, W: number): void {
  const writer = NpyWriter.create(file, 'b1', [imageCount, H, W]);
  try {
    const mask = new Uint8Array(H * W);
    for (let n = 0; n < imageCount; n++) writer.append(imageMask(flagged, n, mask));
  } finally {
    writer.close();
  }
}
