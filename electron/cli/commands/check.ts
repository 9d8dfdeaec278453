import { lazyAction, type RegisterCommand } from '../command.js';

export const registerCheck: RegisterCommand = (program) => {
  program
    .command('check')
    .description("Run SQLite's full integrity check of a project (read-only; minutes on a million-image project). Exits 1 when it finds damage.")
    .argument('<folder>', 'project folder')
    .option('--json', 'print JSON instead of text')
    .action(lazyAction(async () => (await import('../actions/check.js')).check));
};
