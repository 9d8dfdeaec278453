import { lazyAction, type RegisterCommand } from '../command.js';

export const registerEvaluate: RegisterCommand = (program) => {
  program
    .command('evaluate')
    .description('Score every model (all target versions and competitors) on T0 and every unbiased test set: mIoU and per-class IoU.')
    .argument('<project>', 'project folder')
    .option('--json', 'print the leaderboard (results, global ranking, stability, costs) as JSON')
    .action(lazyAction(async () => (await import('../actions/evaluate.js')).evaluate));
};
