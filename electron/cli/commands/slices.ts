import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';
import { wholeNumber } from '../optionParsers.js';

function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

export const registerSlices: RegisterCommand = (program) => {
  program
    .command('slices')
    .description('Find failure slices of a model (default: the target): cluster its failures in its own feature space (or a CLIP-like encoder\'s), describe them (attribute contrasts, and captions when a captioner is installed), and confirm them on held-out images.')
    .argument('<project>', 'project folder')
    .option('--model <id>', 'model to slice (default: the project target)', wholeNumber)
    .option('--population <kind>', 'auto | labelled (failure: image mIoU below τ) | pool (failure: discrepancy with competitors above τ)', 'auto')
    .option('--miou-below <t>', 'τ for labelled images (default: the --failure-share with the lowest mIoU)', fraction)
    .option('--discrepancy-above <t>', 'τ for pool images (default: the --failure-share with the highest discrepancy)', fraction)
    .option('--failure-share <s>', 'share of images that fail when no τ is given', fraction)
    .option('--embedding <what>', "target (the model's own features) | auto (the first image encoder in the project's models/ folder, else target) | the encoder's folder name", 'auto')
    .option('--captioner <what>', "auto (the first captioner in models/, if any) | off | the captioner's folder name", 'auto')
    .option('--fresh-reserve <s>', 'share of pool images a pool run keeps aside for fresh checks', fraction)
    .option('--seed <n>', 'seed of the split, cross-validation and clustering', wholeNumber, 1)
    .option('--show', 'print the latest stored run (or --run ID) with its fresh checks as they stand now, without running again')
    .option('--run <id>', 'with --show: the run to print', wholeNumber)
    .option('--json', 'print the whole report (slices, intervals, p- and q-values, contrasts, examples) as JSON')
    .action(lazyAction(async () => (await import('../actions/slices.js')).slices));
};
