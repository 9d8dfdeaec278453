import { InvalidArgumentError } from 'commander';
import { lazyAction, type RegisterCommand } from '../command.js';
import { modelId, provider } from '../optionParsers.js';

function source(value: string): 'auto' | 'stored' | 'fresh' {
  if (value !== 'auto' && value !== 'stored' && value !== 'fresh') throw new InvalidArgumentError('auto, stored (probabilities kept by inference) or fresh (run the model now)');
  return value;
}

export const registerQuality: RegisterCommand = (program) => {
  program
    .command('quality')
    .description('Score the labels of a labelled set (S0, T0, S1, T1, …) with a model by confident learning: worst images and common label issues.')
    .argument('<project>', 'project folder')
    .option('--set <name>', 'the set to score: S0 (labelled training split), T0, S(i), T(i)', 'S0')
    .option('--model <id>', 'model whose probabilities are used (default: the target)', modelId)
    .option('--source <where>', 'auto (stored when every labelled image has them, else fresh) | stored (probabilities kept by `infer --store-probs`, fast) | fresh (run the model now, full resolution)', source, 'auto')
    .option('--provider <name>', 'execution provider for --source fresh: auto | cuda | dml | coreml | cpu', provider, 'auto')
    .option('--json', 'print the run, its worst images and the common issues as JSON')
    .action(lazyAction(async () => (await import('../actions/quality.js')).quality));
};
