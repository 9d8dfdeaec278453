import { MiningParams, SelectionStrategy, DistanceKind } from '../../../shared/mining/miningParams.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { RegisterCommand } from '../command.js';
import { allPages, runJob, withProject } from '../cliCore.js';
import { modelId, wholeNumber } from '../optionParsers.js';

function idList(value: string): number[] {
  return value.split(',').map((part) => modelId(part.trim()));
}

interface MineFlags {
  target?: number;
  competitors?: number[];
  n3: number;
  constraint: 'quartile' | 'sigma' | 'off';
  strategy: string;
  distance: string;
  seed: number;
  budget?: number;
  json?: boolean;
}

export const registerMine: RegisterCommand = (program) => {
  program
    .command('mine')
    .description('Mine the pool for candidates: MAD (maximum discrepancy, per class, both directions) or a baseline.')
    .argument('<project>', 'project folder')
    .option('--target <id>', 'target model (default: the project target)', modelId)
    .option('--competitors <ids>', 'comma-separated competing models (default: every model that is not a target version)', idList)
    .option('--n3 <n>', 'images kept per (pair, defender, class)', wholeNumber, 25)
    .option('--constraint <mode>', 'content constraint from S0 masks: quartile | sigma | off', 'quartile')
    .option('--strategy <name>', 'mad | random | entropy | margin', 'mad')
    .option('--distance <kind>', 'miou | pixel_accuracy | fw_iou', 'miou')
    .option('--seed <n>', 'seed of the random baseline', wholeNumber, 0)
    .option('--budget <n>', 'images a baseline picks (default: size of this round’s MAD set)', wholeNumber)
    .option('--json', 'print the candidate set with every reason as JSON')
    .action(async (folder: string, flags: MineFlags) => {
      const strategy = SelectionStrategy.safeParse(flags.strategy);
      const distance = DistanceKind.safeParse(flags.distance);
      if (!strategy.success) throw new FaultlineError('invalid_input', `--strategy must be one of mad, random, entropy, margin (got ${flags.strategy}).`);
      if (!distance.success) throw new FaultlineError('invalid_input', `--distance must be one of miou, pixel_accuracy, fw_iou (got ${flags.distance}).`);
      if (!['quartile', 'sigma', 'off'].includes(flags.constraint)) {
        throw new FaultlineError('invalid_input', `--constraint must be quartile, sigma or off (got ${flags.constraint}).`);
      }
      const params = MiningParams.parse({
        strategy: strategy.data,
        n3: flags.n3,
        distance: distance.data,
        constraint: { mode: flags.constraint },
        seed: flags.seed,
        ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
      });
      await withProject(folder, {}, async (client) => {
        let models = { targetId: 0, competitorIds: [] as number[] };
        const request = { targetId: flags.target, competitorIds: flags.competitors, params };
        const outcome = await runJob(client, 'mining', async () => (models = await client.call('mining.run', request)), { label: 'Mining' });
        if (flags.json) {
          const items = await allPages((offset, limit) => client.call('mining.candidates', { setId: outcome.setId, offset, limit }));
          process.stdout.write(`${JSON.stringify({ ...outcome, targetId: models.targetId, competitorIds: models.competitorIds, candidates: items }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `Candidate set ${outcome.setId} (${outcome.strategy}) in round ${outcome.roundId}: ${outcome.size} images from a pool of ${outcome.poolImages}` +
            ` (target ${models.targetId}, competitors ${models.competitorIds.join(', ') || 'none'}; ${outcome.discrepanciesComputed} new discrepancies measured).\n`,
        );
      });
    });
};
