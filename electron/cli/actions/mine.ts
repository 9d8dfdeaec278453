import { MiningParams, SelectionStrategy, DistanceKind, type BoundsSource, type ContentConstraint } from '../../../shared/mining/miningParams.js';
import type { CandidateView } from '../../../shared/contract/methods/miningMethods.js';
import { imageDisplayName } from '../../../shared/images/displayName.js';
import type { ClassInfo } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { allPages, runJob, withProject } from '../cliCore.js';
import { parseBoundsOption, parseShare, resolveClass } from '../classOptions.js';

export interface MineFlags {
  target?: number;
  competitors?: number[];
  n3: number;
  constraint: 'quartile' | 'sigma' | 'off';
  strategy: string;
  distance: string;
  seed: number;
  budget?: number;
  bounds?: string;
  background?: string;
  minClassShare?: string;
  top: number;
  json?: boolean;
}

const BOUNDS_LINE: Record<BoundsSource, string> = {
  s0: 'Content bounds: from the labelled training masks (S0).',
  pool: "Content bounds: from the target's own predictions over the pool, as there are no labelled training masks (S0) yet; import S0 masks to use them, or give --bounds.",
  custom: 'Content bounds: as given with --bounds.',
  none: 'Content bounds: none (--constraint off).',
};

/** One line per candidate: rank, the user's file name, and the strongest reason it was picked. */
function candidateLine(c: CandidateView, classes: readonly ClassInfo[]): string {
  const name = imageDisplayName(c);
  const className = (id: number) => classes.find((k) => k.id === id)?.name ?? `class ${id}`;
  const mad = c.reasons.flatMap((r) => (r.strategy === 'mad' ? [r] : []));
  if (mad.length > 0) {
    const top = mad.reduce((a, b) => (b.d > a.d ? b : a));
    const others = mad.length > 1 ? ` (+${mad.length - 1} more reasons)` : '';
    return `${String(c.rank).padStart(4)}  ${name}  d ${top.d.toFixed(3)} · ${className(top.classId)} · models ${top.targetModelId} vs ${top.competitorModelId}, defended by ${top.defenderModelId}${others}`;
  }
  const reason = c.reasons[0]!;
  const score = reason.strategy === 'mad' ? reason.d : reason.score;
  return `${String(c.rank).padStart(4)}  ${name}  ${reason.strategy} score ${score.toFixed(3)}`;
}

export async function mine(folder: string, flags: MineFlags): Promise<void> {
  const strategy = SelectionStrategy.safeParse(flags.strategy);
  const distance = DistanceKind.safeParse(flags.distance);
  if (!strategy.success) throw new FaultlineError('invalid_input', `--strategy must be one of mad, random, entropy, margin (got ${flags.strategy}).`);
  if (!distance.success) throw new FaultlineError('invalid_input', `--distance must be one of miou, pixel_accuracy, fw_iou (got ${flags.distance}).`);
  if (!['quartile', 'sigma', 'off'].includes(flags.constraint)) {
    throw new FaultlineError('invalid_input', `--constraint must be quartile, sigma or off (got ${flags.constraint}).`);
  }
  await withProject(folder, {}, async (client) => {
    const classes = await client.call('classes.list');
    const constraint: ContentConstraint =
      flags.bounds === undefined ? { mode: flags.constraint as 'quartile' | 'sigma' | 'off' } : { mode: 'custom', bounds: parseBoundsOption(flags.bounds, classes) };
    const background = flags.background === undefined ? {} : { backgroundClassId: flags.background === 'none' ? null : resolveClass(flags.background, classes, '--background') };
    const params = MiningParams.parse({
      strategy: strategy.data,
      n3: flags.n3,
      distance: distance.data,
      constraint,
      seed: flags.seed,
      ...background,
      ...(flags.minClassShare === undefined ? {} : { minClassShare: parseShare(flags.minClassShare, '--min-class-share') }),
      ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
    });
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
    if (outcome.boundsSource !== null) process.stdout.write(`${BOUNDS_LINE[outcome.boundsSource]}\n`);
    if (flags.top === 0 || outcome.size === 0) return;
    const page = await client.call('mining.candidates', { setId: outcome.setId, offset: 0, limit: Math.min(flags.top, 500) });
    process.stdout.write(`Top ${page.items.length}:\n${page.items.map((c) => candidateLine(c, classes)).join('\n')}\n`);
    if (page.total > page.items.length) process.stdout.write(`… ${page.total - page.items.length} more: --top N, or --json for every candidate with its reasons.\n`);
  });
}
