import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { LABEL_MODES, SCORE_METHODS } from '../../../shared/quality/types.js';
import { scoreLabelsFiles, type QualityProgress, type ScoreLabelsOptions } from '../../core/index.js';

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
  renormalise: z.boolean().optional(),
});

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

function progressLine(progress: QualityProgress): string {
  const total = progress.imageCount === null ? '' : `/${progress.imageCount}`;
  return `\rscore-labels: pass ${progress.passNumber} (${progress.pass}) ${progress.imagesDone}${total} images`;
}

export async function scoreLabels(flags: Record<string, unknown>): Promise<void> {
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
}
