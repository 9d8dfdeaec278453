import { lazyAction, type RegisterCommand } from '../command.js';

export const registerInit: RegisterCommand = (program) => {
  program
    .command('init')
    .description('Create a new, empty project in FOLDER (created if missing).')
    .argument('<folder>', 'project folder')
    .option('--name <name>', 'project name shown in the app (default: the folder name)')
    .action(lazyAction(async () => (await import('../actions/init.js')).init));
};
