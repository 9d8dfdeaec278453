import { lazyAction, type RegisterCommand } from '../command.js';

export const registerInfo: RegisterCommand = (program) => {
  program
    .command('info')
    .description('Show what a project holds (read-only; safe while the project is open elsewhere).')
    .argument('<folder>', 'project folder')
    .option('--json', 'print JSON instead of text')
    .action(lazyAction(async () => (await import('../actions/info.js')).info));
};
