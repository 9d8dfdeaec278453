import { InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { RegisterCommand } from '../command.js';
import { ExperimentOptions, runMadVsBaselines } from '../../core/index.js';
import { runCliJob } from '../cliJobContext.js';
import { wholeNumber } from '../optionParsers.js';

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

function worldSizes(value: string): { train: number; test: number; pool: number } {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError('expected three whole numbers: train,test,pool');
  const [train, test, pool] = parts as [number, number, number];
  return { train, test, pool };
}

/** Stage lines stay in the log even when stderr is not a terminal (the progress bar is then silent). */
function stageLine(message: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${message}\n`);
}

interface ExperimentFlags {
  rounds: number;
  budget: number;
  seed: number;
  raterNoise: number;
  worldSizes?: { train: number; test: number; pool: number };
  testSize?: number;
  out: string;
}

export const registerExperiment: RegisterCommand = (program) => {
  const experiment = program.command('experiment').description('Run the experiments of the spec on the generated demo world with simulated raters and annotators.');
  experiment
    .command('mad-vs-baselines')
    .description('MAD against entropy, margin and random selection at equal labelling budget: rounds of mine → rate → label → fine-tune → evaluate.')
    .requiredOption('--out <dir>', 'new (or empty) folder for the projects and the result tables')
    .option('--rounds <n>', 'rounds per strategy', wholeNumber, 2)
    .option('--budget <n>', 'images densely labelled per round and strategy (n4)', wholeNumber, 100)
    .option('--seed <n>', 'world, rater and fine-tune seed', wholeNumber, 1)
    .option('--rater-noise <sigma>', 'standard deviation of the simulated raters, in steps of the 1–5 scale', nonNegative, 0.5)
    .option('--world-sizes <train,test,pool>', 'demo world sizes (default: the full demo world)', worldSizes)
    .option('--test-size <n>', 'images per unbiased test set (default: the budget)', wholeNumber)
    .action(async (flags: ExperimentFlags) => {
      const parsed = ExperimentOptions.safeParse({
        rounds: flags.rounds,
        budget: flags.budget,
        seed: flags.seed,
        raterNoise: flags.raterNoise,
        ...(flags.worldSizes ? { worldSizes: flags.worldSizes } : {}),
        ...(flags.testSize !== undefined ? { testSize: flags.testSize } : {}),
      });
      if (!parsed.success) throw new FaultlineError('invalid_input', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const outcome = await runCliJob('Experiment', (ctx) => runMadVsBaselines(resolve(flags.out), parsed.data, ctx, stageLine));
      process.stdout.write(`Tables written to ${outcome.markdownPath} and ${outcome.jsonPath}.\n`);
    });
};
