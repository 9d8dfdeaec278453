import type { ExperimentResults, StrategyResult } from './experimentResults.js';

const score = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

function miouRows(s: StrategyResult): string[] {
  const initial = `| ${s.strategy} | 0 | ${s.initial.version} | – | ${score(s.initial.t0)} | – | ${score(s.initial.unionT)} | ${score(s.initial.heldOutPool)} |`;
  return [
    initial,
    ...s.rounds.map(
      (r) =>
        `| ${s.strategy} | ${r.round} | ${r.version} | ${r.counterexamples} | ${score(r.t0)} | ${r.testSet.name} (${r.testSet.images}): ${score(r.ownT.before)} → ${score(r.ownT.after)} | ${score(r.unionT)} | ${score(r.heldOutPool)} |`,
    ),
  ];
}

function stabilityText(s: StrategyResult): string {
  const values = s.stability.map((p) => p.srcc).filter((v): v is number => v !== null);
  if (values.length === 0) return '–';
  const first = s.stability[0]!;
  const last = s.stability[s.stability.length - 1]!;
  return `k ${first.k}…${last.k}: min ${Math.min(...values).toFixed(3)}, mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)}`;
}

/** The experiment's tables as Markdown: the target's mIoU per strategy and round, then each strategy's final ranking and its stability. */
export function resultsMarkdown(results: ExperimentResults): string {
  const { settings, union } = results;
  const sizes = settings.worldSizes ? `${settings.worldSizes.train}/${settings.worldSizes.test}/${settings.worldSizes.pool}` : 'default';
  return [
    '### mIoU of the target per strategy and round',
    '',
    `World sizes (train/test/pool) ${sizes}, seed ${settings.seed}, ${settings.rounds} round(s), labelling budget n4 = ${settings.budget} images per round, ` +
      `${settings.raters} simulated raters with noise σ = ${settings.raterNoise}, unbiased test sets of up to ${settings.testSize} images.`,
    '',
    '| Strategy | Round | Target version | S labelled | T0 | own T(i): before → after | ∪T (oracle) | held-out pool (oracle) |',
    '| --- | ---: | --- | ---: | ---: | --- | ---: | ---: |',
    ...results.strategies.flatMap(miouRows),
    '',
    `∪T: the ${union.testImages} images of every strategy's unbiased test sets; held-out pool: the ${union.heldOutPoolImages} pool images no strategy labelled. ` +
      'Both are scored against the simulation oracle, so every strategy is measured on the same images.',
    '',
    '### Final leaderboard per strategy',
    '',
    '| Strategy | Global ranking (best first, score) | SRCC stability |',
    '| --- | --- | --- |',
    ...results.strategies.map((s) => `| ${s.strategy} | ${s.ranking.map((r) => `${r.model} (${r.score.toFixed(3)})`).join(', ') || '–'} | ${stabilityText(s)} |`),
    '',
    `Run time: ${results.seconds.total.toFixed(0)} s (world ${results.seconds.world.toFixed(0)} s; ${results.strategies.map((s) => `${s.strategy} ${s.seconds.toFixed(0)} s`).join(', ')}).`,
    '',
  ].join('\n');
}
