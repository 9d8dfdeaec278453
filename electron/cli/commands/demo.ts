import { resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { createDemoProject } from '../../core/index.js';
import { runCliJob } from '../cliJobContext.js';
import { wholeNumber } from '../optionParsers.js';

export const registerDemo: RegisterCommand = (program) => {
  program
    .command('demo')
    .description('Build the demo project in FOLDER: generated street scenes (S0, T0, a pool of 2 000), four ONNX models, predictions, T0 scores.')
    .argument('<folder>', 'new project folder')
    .option('--seed <n>', 'world seed (the same seed gives the same project)', wholeNumber, 1)
    .option('--oracle <dir>', 'where to keep the simulation oracle (default: FOLDER-oracle)')
    .option('--json', 'print the outcome as JSON')
    .action(async (folder: string, flags: { seed: number; oracle?: string; json?: boolean }) => {
      const outcome = await runCliJob('Building the demo', (ctx) =>
        createDemoProject(resolve(folder), { seed: flags.seed, ...(flags.oracle ? { oracleDir: resolve(flags.oracle) } : {}) }, ctx),
      );
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
        return;
      }
      const total = Object.values(outcome.seconds).reduce((a, b) => a + b, 0);
      const lines = [
        `Demo project in ${outcome.projectDir} (${outcome.images} images), oracle in ${outcome.oracleDir}.`,
        ...outcome.models.map((m) => `  ${m.name.padEnd(16)} mIoU T0 ${m.testMiou.toFixed(3)}  pool ${m.poolMiou.toFixed(3)}${m.isTarget ? '  (target)' : ''}`),
        `Built in ${total.toFixed(1)} s (${Object.entries(outcome.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}).`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
