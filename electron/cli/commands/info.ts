import { resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { openProjectDb } from '../../core/project/openProjectDb.js';
import { describeProject, projectStats } from '../../core/services/projectInfo.js';

export const registerInfo: RegisterCommand = (program) => {
  program
    .command('info')
    .description('Show what a project holds (read-only; safe while the project is open elsewhere).')
    .argument('<folder>', 'project folder')
    .option('--json', 'print JSON instead of text')
    .action((folder: string, options: { json?: boolean }) => {
      const project = openProjectDb(resolve(folder), { readOnly: true });
      try {
        const info = describeProject(project);
        const stats = projectStats(project.db);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ project: info, stats }, null, 2)}\n`);
          return;
        }
        const lines = [
          `Project   ${info.name}${info.isDemo ? ' (demo)' : ''}`,
          `Folder    ${info.dir}`,
          `Schema    ${info.schemaVersion}`,
          `Created   ${info.createdAt}`,
          `Images    ${stats.images} (${stats.imagesFailed} failed, ${stats.labelledImages} labelled)`,
          `Models    ${stats.models}`,
          `Classes   ${stats.classes}`,
          `Rounds    ${stats.rounds}`,
          `Ratings   ${stats.ratings}`,
          `Masks     ${stats.annotations}`,
          `People    ${stats.people}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        project.close();
      }
    });
};
