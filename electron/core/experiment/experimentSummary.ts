import { PUBLISHED_DENSE_SECONDS, PUBLISHED_RATING_SECONDS } from '../../../shared/rounds/denseLabellingCost.js';
import { meanInterval, pairedDifference } from '../../../shared/statistics/intervals.js';
import type { ExperimentSummary, LabellingCost, RoundResult, SeedResult, StrategyResult } from './experimentResults.js';

/** What a strategy's labelling cost: every rating of every rater, and every dense mask of S, at the study's seconds. */
export function labellingCost(strategy: { rounds: ReadonlyArray<Pick<RoundResult, 'candidates' | 'counterexamples' | 'testSet'>> }, raters: number): LabellingCost {
  const ratings = strategy.rounds.reduce((n, r) => n + r.candidates * raters, 0);
  const denseS = strategy.rounds.reduce((n, r) => n + r.counterexamples, 0);
  const denseT = strategy.rounds.reduce((n, r) => n + r.testSet.images, 0);
  const ratingHours = (ratings * PUBLISHED_RATING_SECONDS) / 3600;
  const denseSHours = (denseS * PUBLISHED_DENSE_SECONDS) / 3600;
  return { ratings, denseS, denseT, ratingHours, denseSHours, totalHours: ratingHours + denseSHours };
}

type Scores = { t0: number | null; unionT: number | null; heldOutPool: number | null };

/**
 * Aggregates the seeds: per strategy and round the mean and 95 % interval of each score, the
 * final round's paired difference against MAD and gain over the initial target, the MAD
 * competition's margin, and the labelling cost. Every seed must hold the same strategies and rounds.
 */
export function summariseSeeds(seeds: readonly SeedResult[]): ExperimentSummary {
  const first = seeds[0];
  if (!first) throw new RangeError('no seeds to summarise');
  const strategies = first.strategies.map((s) => s.strategy);
  const rounds = first.strategies[0]!.rounds.length;
  const of = (strategy: string) =>
    seeds.map((seed) => {
      const found = seed.strategies.find((s) => s.strategy === strategy);
      if (!found || found.rounds.length !== rounds) throw new RangeError(`seed ${seed.seed} does not hold ${rounds} round(s) of ${strategy}`);
      return found;
    });
  const at = (s: StrategyResult, round: number): Scores => (round === 0 ? s.initial : s.rounds[round - 1]!);
  const final = (strategy: string) => of(strategy).map((s) => at(s, rounds));
  const initial = (strategy: string) => of(strategy).map((s) => at(s, 0));
  const pick = (values: Scores[], key: keyof Scores) => values.map((v) => v[key]);
  const hasMad = strategies.includes('mad');

  return {
    rounds: strategies.flatMap((strategy) =>
      Array.from({ length: rounds + 1 }, (_, round) => {
        const values = of(strategy).map((s) => at(s, round));
        const worse = round === 0 ? 0 : of(strategy).filter((s) => s.rounds[round - 1]!.finetune.validation?.worse).length;
        return { strategy, round, t0: meanInterval(pick(values, 't0')), unionT: meanInterval(pick(values, 'unionT')), heldOutPool: meanInterval(pick(values, 'heldOutPool')), worse };
      }),
    ),
    pairedVsMad: hasMad
      ? strategies
          .filter((s) => s !== 'mad')
          .map((strategy) => {
            const [other, mad] = [final(strategy), final('mad')];
            return {
              strategy,
              t0: pairedDifference(pick(other, 't0'), pick(mad, 't0')),
              unionT: pairedDifference(pick(other, 'unionT'), pick(mad, 'unionT')),
              heldOutPool: pairedDifference(pick(other, 'heldOutPool'), pick(mad, 'heldOutPool')),
            };
          })
      : [],
    gain: strategies.map((strategy) => ({
      strategy,
      heldOutPool: pairedDifference(pick(final(strategy), 'heldOutPool'), pick(initial(strategy), 'heldOutPool')),
      unionT: pairedDifference(pick(final(strategy), 'unionT'), pick(initial(strategy), 'unionT')),
    })),
    competition: strategies
      .filter((s) => s !== 'mad')
      .flatMap((strategy) => {
        const duels = seeds.map((seed) => seed.competition.find((c) => c.strategy === strategy)).filter((c) => c !== undefined);
        if (duels.length === 0) return [];
        return [
          {
            strategy,
            margin: pairedDifference(
              duels.map((d) => d.mad),
              duels.map((d) => d.other),
            ),
            madWins: duels.filter((d) => d.mad !== null && d.other !== null && d.mad > d.other).length,
            seeds: duels.length,
          },
        ];
      }),
    cost: strategies.map((strategy) => {
      const costs = of(strategy).map((s, i) => seeds[i]!.strategies.find((x) => x.strategy === s.strategy)!.cost);
      return {
        strategy,
        ratings: meanInterval(costs.map((c) => c.ratings)),
        ratingHours: meanInterval(costs.map((c) => c.ratingHours)),
        denseS: meanInterval(costs.map((c) => c.denseS)),
        denseSHours: meanInterval(costs.map((c) => c.denseSHours)),
        totalHours: meanInterval(costs.map((c) => c.totalHours)),
      };
    }),
  };
}
