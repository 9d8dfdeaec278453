import { resolve } from 'node:path';
import type { RegisterCommand } from '../command.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { exportDataset, type ExportFormat } from '../../core/export/exportDataset.js';
import { runCliJob } from '../cliJobContext.js';
import { withProject } from '../withProject.js';

const FORMATS: ExportFormat[] = ['voc', 'coco', 'cityscapes'];

export const registerExport: RegisterCommand = (program) => {
  program
    .command('export')
    .description('Export S0 ∪ S(1..i) and every test set with their masks: PASCAL VOC, COCO (RLE) or Cityscapes-style id PNGs.')
    .argument('<project>', 'project folder')
    .requiredOption('--format <format>', 'voc | coco | cityscapes')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .action(async (folder: string, flags: { format: string; out: string }) => {
      if (!FORMATS.includes(flags.format as ExportFormat)) {
        throw new FaultlineError('invalid_input', `--format must be one of ${FORMATS.join(', ')} (got ${flags.format}).`);
      }
      await withProject(folder, { readOnly: true }, async (project) => {
        const written = await runCliJob('Exporting', (ctx) => exportDataset(project.db, project.dir, flags.format as ExportFormat, resolve(flags.out), ctx));
        process.stdout.write(
          `Exported ${written.splits.map((s) => `${s.name} (${s.images})`).join(', ')} as ${written.format} to ${written.out}\n`,
        );
      });
    });
};
