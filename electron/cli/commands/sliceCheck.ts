import { InvalidArgumentError } from 'commander';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { RegisterCommand } from '../command.js';
import { prepareFresh } from '../../core/slices/sliceJobs.js';
import { readSliceReport } from '../../core/slices/sliceReport.js';
import { findRunId } from '../../core/slices/sliceRunStore.js';
import { runCliJob } from '../cliJobContext.js';
import { wholeNumber } from '../optionParsers.js';
import { withProject } from '../withProject.js';

interface SliceCheckFlags {
  run?: number;
  by: string;
  query?: string;
  generator?: string;
  count: number;
  json?: boolean;
}

function rank(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a slice is named by its rank, 1 or more (see `faultline slices`)');
  return n;
}

export const registerSliceCheck: RegisterCommand = (program) => {
  program
    .command('slice-check')
    .description(
      'Confirm a failure slice on fresh images: pool images near it (or matching a text) go to the rating queue as a set of their own, or a generator makes images and the model is scored on their true masks.',
    )
    .argument('<project>', 'project folder')
    .argument('<slice>', 'the slice, by its rank in the run (1 = first)', rank)
    .option('--run <id>', 'slice run (default: the latest run of the target)', wholeNumber)
    .option('--by <how>', 'region (pool images in the slice, plus controls) | text (pool images matching --query) | generator', 'region')
    .option('--query <text>', 'with --by text: what to search for with the run\'s CLIP-like encoder')
    .option('--generator <url>', 'with --by generator: the address of a generator service (default: the built-in demo scenes)')
    .option('--count <n>', 'images per side (in the slice, controls)', wholeNumber, 40)
    .option('--json', 'print the fresh check as JSON')
    .action(async (folder: string, sliceRank: number, flags: SliceCheckFlags) => {
      if (!['region', 'text', 'generator'].includes(flags.by)) throw new FaultlineError('invalid_input', `--by is region, text or generator, not '${flags.by}'.`);
      if ((flags.by === 'text') !== (flags.query !== undefined)) throw new FaultlineError('invalid_input', '--query goes with --by text, and --by text needs a --query.');
      if (flags.generator !== undefined && flags.by !== 'generator') throw new FaultlineError('invalid_input', '--generator goes with --by generator.');
      if (!(flags.count >= 5 && flags.count <= 500)) throw new FaultlineError('invalid_input', '--count is from 5 to 500 images per side.');
      await withProject(folder, {}, async (project) => {
        const runId = findRunId(project.db, flags.run === undefined ? {} : { runId: flags.run });
        if (runId === null) throw new FaultlineError('not_found', 'There is no slice run yet: run `faultline slices PROJECT` first.');
        const sliceIndex = sliceRank - 1;
        const work = prepareFresh(
          project,
          {
            runId,
            sliceIndex,
            source: flags.by === 'generator' ? 'generator' : 'retrieval',
            count: flags.count,
            query: flags.query,
            generatorUrl: flags.generator,
          },
          {},
        );
        await runCliJob('Fresh images', (ctx) => work(ctx));
        const check = readSliceReport(project.db, { runId })!.slices[sliceIndex]!.fresh.at(-1)!;
        if (flags.json) process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
        else {
          const where = check.source === 'retrieval' ? `rating set ${check.setId}: rate it in the Rating view; \`faultline slices PROJECT --show\` reports the test as ratings come in.` : check.generator;
          process.stdout.write(`Fresh check ${check.id} of slice ${sliceRank} (run ${runId}), ${where}\n${check.summary}\n`);
        }
      });
    });
};
