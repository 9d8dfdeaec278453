import { resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { withCore } from '../cliCore.js';

export const registerInit: RegisterCommand = (program) => {
  program
    .command('init')
    .description('Create a new, empty project in FOLDER (created if missing).')
    .argument('<folder>', 'project folder')
    .option('--name <name>', 'project name shown in the app (default: the folder name)')
    .action(async (folder: string, options: { name?: string }) => {
      const project = await withCore((client) => client.call('project.create', { dir: resolve(folder), ...(options.name ? { name: options.name } : {}) }));
      process.stdout.write(`Created project in ${project.dir}\n`);
    });
};
