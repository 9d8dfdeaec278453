import { resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { createProjectDb } from '../../core/project/openProjectDb.js';

export const registerInit: RegisterCommand = (program) => {
  program
    .command('init')
    .description('Create a new, empty project in FOLDER (created if missing).')
    .argument('<folder>', 'project folder')
    .option('--name <name>', 'project name shown in the app (default: the folder name)')
    .action((folder: string, options: { name?: string }) => {
      const project = createProjectDb(resolve(folder), options.name ?? '');
      project.close();
      process.stdout.write(`Created project in ${project.dir}\n`);
    });
};
