import type { MeanInterval } from '../../../shared/statistics/intervals.js';
import type { ExperimentResults, SeedResult } from './experimentResults.js';

const score = (v: number | null): string => (v === null ? '–' : v.toFixed(3));
const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;

/** "0.512 [0.498, 0.526]": a mean with its 95 % interval (signed for differences). */
export function intervalText(m: MeanInterval | null, difference = false, digits = 3): string {
  if (!m) return '–';
  const f = (v: number) => (difference ? signed(v) : v.toFixed(digits));
  return m.low === null || m.high === null ? f(m.mean) : `${f(m.mean)} [${f(m.low)}, ${f(m.high)}]`;
}

function seedRows(seed: SeedResult): string[] {
  return seed.strategies.flatMap((s) => [
    `| ${seed.seed} | ${s.strategy} | 0 | – | ${score(s.initial.t0)} | ${score(s.initial.unionT)} | ${score(s.initial.heldOutPool)} | – |`,
    ...s.rounds.map((r) => {
      const v = r.finetune.validation;
      const fit = v ? `lr ${r.finetune.learningRate ?? '–'}, T0 px ${v.parent.toFixed(3)} → ${v.after.toFixed(3)}${v.worse ? ' (worse)' : ''}` : '–';
      return `| ${seed.seed} | ${s.strategy} | ${r.round} | ${r.counterexamples} | ${score(r.t0)} | ${score(r.unionT)} | ${score(r.heldOutPool)} | ${fit} |`;
    }),
  ]);
}

/** The experiment as Markdown: the summary across seeds, the MAD competition, costs, then every seed's rounds. */
export function resultsMarkdown(results: ExperimentResults): string {
  const { settings, summary, seeds } = results;
  const sizes = settings.worldSizes ? `${settings.worldSizes.train}/${settings.worldSizes.test}/${settings.worldSizes.pool}` : 'default (300/100/2000)';
  const n = seeds.length;
  return [
    `### Mean mIoU of the target per strategy and round (${n} seed${n === 1 ? '' : 's'}, 95 % t-intervals)`,
    '',
    `World sizes (train/test/pool) ${sizes}, seeds ${seeds.map((s) => s.seed).join(', ')}, ${settings.rounds} round(s), labelling budget n4 = ${settings.budget} images per round, ` +
      `fine-tuning the ${settings.trainable} with the learning rate chosen on T0, ${settings.raters} simulated raters with noise σ = ${settings.raterNoise}, unbiased test sets of up to ${settings.testSize} images.`,
    '',
    '| Strategy | Round | T0 | ∪T (oracle) | held-out pool (oracle) | versions worse on T0 |',
    '| --- | ---: | --- | --- | --- | ---: |',
    ...summary.rounds.map((r) => `| ${r.strategy} | ${r.round} | ${intervalText(r.t0)} | ${intervalText(r.unionT)} | ${intervalText(r.heldOutPool)} | ${r.round === 0 ? '–' : `${r.worse}/${n}`} |`),
    '',
    "∪T: every strategy's unbiased test images of that seed; held-out pool: the pool images no strategy labelled. Both scored against the simulation oracle, so the strategies are measured on the same images.",
    '',
    '### Final round: gain over the initial target, and difference against MAD (paired by seed)',
    '',
    '| Strategy | held-out gain | ∪T gain | held-out − MAD | ∪T − MAD | T0 − MAD |',
    '| --- | --- | --- | --- | --- | --- |',
    ...summary.gain.map((g) => {
      const d = summary.pairedVsMad.find((p) => p.strategy === g.strategy);
      return `| ${g.strategy} | ${intervalText(g.heldOutPool, true)} | ${intervalText(g.unionT, true)} | ${d ? intervalText(d.heldOutPool, true) : '–'} | ${d ? intervalText(d.unionT, true) : '–'} | ${d ? intervalText(d.t0, true) : '–'} |`;
    }),
    '',
    `### MAD competition between the final models (${settings.competitionSize} held-out images of most disagreement per pair)`,
    '',
    '| MAD against | MAD − other (oracle mIoU on the disputed images) | seeds MAD won | per seed: MAD / other |',
    '| --- | --- | ---: | --- |',
    ...summary.competition.map(
      (c) =>
        `| ${c.strategy} | ${intervalText(c.margin, true)} | ${c.madWins}/${c.seeds} | ${seeds
          .map((s) => s.competition.find((x) => x.strategy === c.strategy))
          .map((x) => (x ? `${score(x.mad)} / ${score(x.other)}` : '–'))
          .join('; ')} |`,
    ),
    '',
    `### Labelling cost per strategy (all rounds; ${settings.ratingSeconds} s per rating per rater, ${settings.denseSeconds} s per dense mask, the study's figures)`,
    '',
    '| Strategy | ratings | rating hours | dense masks of S | dense S hours | total hours |',
    '| --- | --- | --- | --- | --- | --- |',
    ...summary.cost.map(
      (c) =>
        `| ${c.strategy} | ${intervalText(c.ratings, false, 0)} | ${intervalText(c.ratingHours, false, 2)} | ${intervalText(c.denseS, false, 0)} | ${intervalText(c.denseSHours, false, 2)} | ${intervalText(c.totalHours, false, 2)} |`,
    ),
    '',
    'Every strategy also labels its unbiased test sets T(i) for evaluation (the same rule for all); that cost is not in the table.',
    '',
    '### Every seed',
    '',
    '| Seed | Strategy | Round | S labelled | T0 | ∪T | held-out pool | fine-tune (chosen lr, validation pixels mIoU parent → new) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...seeds.flatMap(seedRows),
    '',
    `Run time: ${results.seconds.total.toFixed(0)} s (${seeds.map((s) => `seed ${s.seed} ${s.seconds.total.toFixed(0)} s, world ${s.seconds.world.toFixed(0)} s`).join('; ')}).`,
    '',
  ].join('\n');
}
