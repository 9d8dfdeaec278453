import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';
import { wholeNumber } from '../optionParsers.js';

function rank(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a slice is named by its rank, 1 or more (see `faultline slices`)');
  return n;
}

export const registerSliceCheck: RegisterCommand = (program) => {
  program
    .command('slice-check')
    .description(
      'Confirm a failure slice on fresh images: pool images near it (or matching a text) go to the rating queue as a set of their own, or a generator makes images and the model is scored on their true masks.',
    )
    .argument('<project>', 'project folder')
    .argument('<slice>', 'the slice, by its rank in the run (1 = first)', rank)
    .option('--run <id>', 'slice run (default: the latest run of the target)', wholeNumber)
    .option('--by <how>', 'region (pool images in the slice, plus controls) | text (pool images matching --query) | generator', 'region')
    .option('--query <text>', 'with --by text: what to search for with the run\'s CLIP-like encoder')
    .option('--generator <url>', 'with --by generator: the address of a generator service (default: the built-in demo scenes)')
    .option('--count <n>', 'images per side (in the slice, controls)', wholeNumber, 40)
    .option('--json', 'print the fresh check as JSON')
    .action(lazyAction(async () => (await import('../actions/sliceCheck.js')).sliceCheck));
};
