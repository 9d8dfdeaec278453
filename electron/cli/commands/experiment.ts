import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';
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

export const registerExperiment: RegisterCommand = (program) => {
  const experiment = program.command('experiment').description('Run the experiments of the spec on the generated demo world with simulated raters and annotators.');
  experiment
    .command('mad-vs-baselines')
    .description('MAD against entropy, margin and random selection at equal labelling budget: rounds of mine → rate → label → fine-tune → evaluate.')
    .requiredOption('--out <dir>', 'new (or empty) folder for the projects and the result tables')
    .option('--rounds <n>', 'rounds per strategy', wholeNumber, 2)
    .option('--budget <n>', 'images densely labelled per round and strategy (n4)', wholeNumber, 100)
    .option('--seed <n>', 'first world, rater and fine-tune seed', wholeNumber, 1)
    .option('--seeds <n>', 'worlds to repeat the experiment on (seed, seed + 1, …); means and 95 % intervals across them', wholeNumber, 5)
    .option('--trainable <part>', 'what each fine-tune refits: tail (hidden layer + classifier) or head', 'tail')
    .option('--competition-size <n>', 'held-out images of most disagreement on which final models compete', wholeNumber, 30)
    .option('--rater-noise <sigma>', 'standard deviation of the simulated raters, in steps of the 1–5 scale', nonNegative, 0.5)
    .option('--world-sizes <train,test,pool>', 'demo world sizes (default: the full demo world)', worldSizes)
    .option('--test-size <n>', 'images per unbiased test set (default: the budget)', wholeNumber)
    .action(lazyAction(async () => (await import('../actions/experiment.js')).madVsBaselines));
};
