import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

export const registerFinetune: RegisterCommand = (program) => {
  program
    .command('finetune')
    .description("Fine-tune the target's trainable tail (or classifier head) on S0 ∪ S(1..i), the learning rate chosen on T0, and register the result as the next version and the target.")
    .argument('<project>', 'project folder')
    .option('--model <id>', 'model to fine-tune (default: the target)', number)
    .option('--iterations <n>', 'SGD iterations (default 400)', number)
    .option('--lr <x>', 'base learning rate of the polynomial decay (default 0.05)', number)
    .option('--batch <n>', 'pixels per mini-batch, half S0 and half counterexamples (default 64)', number)
    .option('--seed <n>', 'seed of the pixel sampling (default 1)', number)
    .option('--trainable <part>', "what to refit: tail (the card's chain of 1×1 layers) or head (default: tail where the card names one)")
    .option('--grid <list>', 'multiples of --lr to try, the best on T0 kept (default 1,5,10)', (v) => v.split(',').map(number))
    .option('--accept-worse', 'register the new version even when it is worse on T0 than its parent by more than the margin')
    .option('--json', 'print the fine-tune record as JSON')
    .action(lazyAction(async () => (await import('../actions/finetune.js')).finetune));
};
