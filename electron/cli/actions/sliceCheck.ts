import { FaultlineError } from '../../../shared/contract/errors.js';
import { runJob, withProject } from '../cliCore.js';

export interface SliceCheckFlags {
  run?: number;
  by: string;
  query?: string;
  generator?: string;
  count: number;
  json?: boolean;
}

export async function sliceCheck(folder: string, sliceRank: number, flags: SliceCheckFlags): Promise<void> {
  if (!['region', 'text', 'generator'].includes(flags.by)) throw new FaultlineError('invalid_input', `--by is region, text or generator, not '${flags.by}'.`);
  if ((flags.by === 'text') !== (flags.query !== undefined)) throw new FaultlineError('invalid_input', '--query goes with --by text, and --by text needs a --query.');
  if (flags.generator !== undefined && flags.by !== 'generator') throw new FaultlineError('invalid_input', '--generator goes with --by generator.');
  if (!(flags.count >= 5 && flags.count <= 500)) throw new FaultlineError('invalid_input', '--count is from 5 to 500 images per side.');
  await withProject(folder, {}, async (client) => {
    const latest = await client.call('slices.get', { runId: flags.run });
    if (latest === null) throw new FaultlineError('not_found', 'There is no slice run yet: run `faultline slices PROJECT` first.');
    const { runId } = latest;
    const sliceIndex = sliceRank - 1;
    const request = {
      runId,
      sliceIndex,
      source: flags.by === 'generator' ? ('generator' as const) : ('retrieval' as const),
      count: flags.count,
      query: flags.query,
      generatorUrl: flags.generator,
    };
    await runJob(client, 'slices.fresh', () => client.call('slices.fetchFresh', request), { label: 'Fresh images' });
    const check = (await client.call('slices.get', { runId }))!.slices[sliceIndex]!.fresh.at(-1)!;
    if (flags.json) process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
    else {
      const where = check.source === 'retrieval' ? `rating set ${check.setId}: rate it in the Rating view; \`faultline slices PROJECT --show\` reports the test as ratings come in.` : check.generator;
      process.stdout.write(`Fresh check ${check.id} of slice ${sliceRank} (run ${runId}), ${where}\n${check.summary}\n`);
    }
  });
}
