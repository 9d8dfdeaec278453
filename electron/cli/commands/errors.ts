import { lazyAction, type RegisterCommand } from '../command.js';
import { modelId } from '../optionParsers.js';

export const registerErrors: RegisterCommand = (program) => {
  program
    .command('errors')
    .description(
      'Classify every error region of a model on a labelled set (S0, T0, T(i), S(i)): ignore, correct, acceptable, suspected label error, boundary, missed, fine-grained, context, stuff, non-prototypical, model failure, hallucination.',
    )
    .argument('<project>', 'project folder')
    .option('--model <id>', 'the model to classify (default: every model)', modelId)
    .option('--set <name>', 'the labelled set: S0, T0, T1, S1, … (default: every labelled set)')
    .option('--json', 'print the runs (totals per category, pixels and regions) as JSON')
    .action(lazyAction(async () => (await import('../actions/errors.js')).errors));
};
