import { lazyAction, type RegisterCommand } from '../command.js';

export const registerMerge: RegisterCommand = (program) => {
  program
    .command('merge')
    .description(
      "Bring another copy's ratings, annotation versions, reviews, people, candidate sets, models and images into INTO (one transaction; merging twice changes nothing).",
    )
    .argument('<into>', 'project folder to merge into (opened for writing)')
    .argument('<from>', 'folder of the other copy (only read)')
    .option('--dry-run', 'print what would change, and change nothing')
    .option('--json', 'print JSON instead of text')
    .action(lazyAction(async () => (await import('../actions/merge.js')).merge));
};
