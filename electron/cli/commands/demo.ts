import { lazyAction, type RegisterCommand } from '../command.js';
import { wholeNumber } from '../optionParsers.js';

export const registerDemo: RegisterCommand = (program) => {
  program
    .command('demo')
    .description('Build the demo project in FOLDER: generated street scenes (S0, T0, a pool of 2 000), four ONNX models, predictions, T0 scores.')
    .argument('<folder>', 'new project folder')
    .option('--seed <n>', 'world seed (the same seed gives the same project)', wholeNumber, 1)
    .option('--oracle <dir>', 'where to keep the simulation oracle (default: FOLDER-oracle)')
    .option('--json', 'print the outcome as JSON')
    .action(lazyAction(async () => (await import('../actions/demo.js')).demo));
};
