import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { RegisterCommand } from '../command.js';
import { NpyWriter } from '../../core/io/npy.js';
import { countFlaggedPairs, rowsFromCounts } from '../../core/quality/commonLabelIssues.js';
import type { FlaggedPixels } from '../../core/quality/flaggedPixels.js';
import { imageMask, issuesPerImage, numPixelIssuesScores } from '../../core/quality/flaggedPixels.js';
import { SCORE_METHODS } from '../../core/quality/labelIssues.js';
import { npySource, openNpyImageSource } from '../../core/quality/npyBatchSource.js';
import type { QualityProgress } from '../../core/quality/scoreLabelQuality.js';
import { scoreLabelQuality } from '../../core/quality/scoreLabelQuality.js';
import { DEFAULT_TEMPERATURE } from '../../core/quality/softmin.js';
import { LABEL_MODES } from '../../core/quality/types.js';

const integer = (flag: string, min: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { message: `${flag} must be a whole number` })
    .transform(Number)
    .pipe(z.number().min(min, { message: `${flag} must be at least ${min}` }));

/** The command's flags as commander hands them over (strings), checked and converted. */
export const ScoreLabelsFlags = z.object({
  labels: z.string().min(1, { message: '--labels needs a file' }),
  predProbs: z.string().min(1, { message: '--pred-probs needs a file' }),
  out: z.string().min(1, { message: '--out needs a file' }),
  issuesOut: z.string().min(1).optional(),
  method: z.enum(SCORE_METHODS, { message: `--method must be one of ${SCORE_METHODS.join(', ')}` }).default('softmin'),
  temperature: z
    .string()
    .trim()
    .transform(Number)
    .pipe(z.number({ message: '--temperature must be a number' }).positive({ message: '--temperature must be greater than 0' }))
    .optional(),
  downsample: integer('--downsample', 1).optional(),
  labelMode: z.enum(LABEL_MODES, { message: `--label-mode must be one of ${LABEL_MODES.join(', ')}` }).default('majority'),
  ignoreIndex: integer('--ignore-index', -2147483648).optional(),
  batchSize: integer('--batch-size', 1).optional(),
  workers: integer('--workers', 1).optional(),
});

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

/** Parses the flags commander collected, with one clear sentence for the first bad one. */
export function parseScoreLabelsFlags(flags: Record<string, unknown>): ScoreLabelsOptions {
  const parsed = ScoreLabelsFlags.safeParse(flags);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const value = flags[key];
    throw new FaultlineError('invalid_input', value === undefined ? issue.message : `${issue.message} (got ${String(value)})`);
  }
  return parsed.data;
}

/**
 * Scores the labels of LABELS.npy against PROBS.npy and writes RESULT.json (and ISSUES.npy, the
 * (N, H, W) bool mask of flagged pixels, when asked). Streams the probability file a batch at a time.
 */
export async function scoreLabelsFiles(options: ScoreLabelsOptions, hooks: ScoreLabelsHooks = {}): Promise<ScoreLabelsReport> {
  const params = { labelsPath: resolve(options.labels), probsPath: resolve(options.predProbs) };
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

function progressLine(progress: QualityProgress): string {
  const total = progress.imageCount === null ? '' : `/${progress.imageCount}`;
  return `\rscore-labels: pass ${progress.passNumber} (${progress.pass}) ${progress.imagesDone}${total} images`;
}

export const registerScoreLabels: RegisterCommand = (program) => {
  program
    .command('score-labels')
    .description(
      'Score label quality by confident learning: image scores, class thresholds, the estimated number of label issues and the pixels whose label is likely wrong.',
    )
    .requiredOption('--labels <file>', 'label maps, .npy of shape (N, H, W), any integer dtype')
    .requiredOption('--pred-probs <file>', 'predicted probabilities, .npy of shape (N, K, H, W), float32 or float64')
    .requiredOption('--out <file>', 'write the result as JSON here')
    .option('--issues-out <file>', 'also write the (N, H, W) bool mask of flagged pixels as .npy')
    .option('--method <name>', `image score: ${SCORE_METHODS.join(' | ')}`, 'softmin')
    .option('--temperature <t>', `softmin temperature (default ${DEFAULT_TEMPERATURE})`)
    .option('--downsample <d>', 'average D×D blocks before finding issues (H and W must be multiples of D)')
    .option('--label-mode <mode>', `label of a D×D block: ${LABEL_MODES.join(' | ')} (compatible-mean reproduces the reference)`, 'majority')
    .option('--ignore-index <i>', 'label value of unlabelled pixels, which take no part')
    .option('--batch-size <n>', 'images read per batch (default 8)')
    .option('--workers <n>', 'worker threads (default 1)')
    .action(async (flags: Record<string, unknown>) => {
      const options = parseScoreLabelsFlags(flags);
      const controller = new AbortController();
      const onInterrupt = (): void => controller.abort();
      process.once('SIGINT', onInterrupt);
      const tty = process.stderr.isTTY === true;
      try {
        const report = await scoreLabelsFiles(options, {
          signal: controller.signal,
          ...(tty ? { onProgress: (progress: QualityProgress) => process.stderr.write(progressLine(progress)) } : {}),
        });
        if (tty) process.stderr.write('\n');
        process.stdout.write(
          `scored ${report.inputs.N} images: ${report.num_issues_estimate} estimated label issues, ${report.num_flagged_pixels} pixels flagged; wrote ${options.out}\n`,
        );
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    });
};
