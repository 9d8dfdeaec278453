import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { PUBLISHED_DENSE_SECONDS, PUBLISHED_RATING_SECONDS } from '../../../shared/rounds/denseLabellingCost.js';
import { createDemoProject } from '../demo/createDemoProject.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { openProjectDb } from '../store/openProjectDb.js';
import { poolImages } from '../store/images.js';
import { ExperimentOptions, type ExperimentOptionsInput, type ExperimentResults, type SeedResult } from './experimentResults.js';
import { summariseSeeds, labellingCost } from './experimentSummary.js';
import { competeFinalModels } from './finalModelCompetition.js';
import { OracleSimulation, SIMULATED_RATERS } from './oracleSimulation.js';
import { resultsMarkdown } from './resultsMarkdown.js';
import { runStrategy, type StrategyRun } from './strategyRun.js';

export interface ExperimentOutcome {
  results: ExperimentResults;
  jsonPath: string;
  markdownPath: string;
}

const seconds = (since: number): number => Math.round(performance.now() - since) / 1000;

/**
 * One world: the demo is built once with this seed and copied per strategy (the oracle is shared;
 * each copy finds it by its relative path), every strategy runs its rounds at the same labelling
 * budget, every target version is scored by the oracle on the same images (the union of all
 * strategies' unbiased test sets, and the pool images no strategy labelled), and MAD's final
 * model competes with each other strategy's on the held-out images where they disagree most.
 */
async function runSeed(dir: string, seed: number, options: ExperimentOptions, testSize: number, ctx: JobContext, log: (message: string) => void): Promise<SeedResult> {
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  log(`Building the demo world (seed ${seed})`);
  const base = join(dir, 'base');
  const demo = await createDemoProject(base, { seed, oracleDir: join(dir, 'oracle'), ...(options.worldSizes ? { sizes: options.worldSizes } : {}) }, ctx);
  const worldSeconds = seconds(started);

  const runs: StrategyRun[] = [];
  for (const strategy of options.strategies) {
    ctx.throwIfCancelled();
    // A sibling of the base project, so the relative oracle path stored in the copy still leads to DIR/oracle.
    const copy = join(dir, strategy);
    cpSync(base, copy, { recursive: true });
    const project = openProjectDb(copy);
    try {
      const sim = await OracleSimulation.open(project.db, project.dir);
      const settings = { strategy, rounds: options.rounds, budget: options.budget, testSize, seed, raterNoise: options.raterNoise, trainable: options.trainable };
      runs.push(await runStrategy(project, sim, settings, ctx, (m) => log(`[seed ${seed}] ${m}`)));
    } finally {
      project.close();
    }
  }
  rmSync(base, { recursive: true, force: true });

  log(`[seed ${seed}] scoring every target version with the oracle on the shared images`);
  const unionT = [...new Set(runs.flatMap((r) => r.testImages))].sort((a, b) => a - b);
  const labelled = new Set(runs.flatMap((r) => r.labelledImages));
  const strategies: SeedResult['strategies'] = [];
  let heldOut: number[] = [];
  for (const run of runs) {
    ctx.throwIfCancelled();
    const project = openProjectDb(join(dir, run.strategy), { readOnly: true });
    try {
      heldOut = poolImages(project.db)
        .map((image) => image.id)
        .filter((id) => !labelled.has(id));
      const sim = await OracleSimulation.open(project.db, project.dir);
      const shared = async (modelId: number) => ({ unionT: await sim.setMiou(modelId, unionT), heldOutPool: await sim.setMiou(modelId, heldOut) });
      const rounds = [];
      for (const r of run.rounds) rounds.push({ ...r, ...(await shared(r.modelId)) });
      strategies.push({
        strategy: run.strategy,
        initial: { ...run.initial, ...(await shared(run.initial.modelId)) },
        rounds,
        ranking: run.ranking,
        rankingConverged: run.rankingConverged,
        stability: run.stability,
        seconds: run.seconds,
        cost: labellingCost(run, SIMULATED_RATERS.length),
      });
    } finally {
      project.close();
    }
  }
  log(`[seed ${seed}] MAD competition between the final models`);
  const finals = runs.map((r) => ({ strategy: r.strategy, modelId: r.rounds[r.rounds.length - 1]!.modelId }));
  const competition = await competeFinalModels(dir, finals, heldOut, options.competitionSize);
  return {
    seed,
    world: { images: demo.images, models: demo.models },
    union: { testImages: unionT.length, heldOutPoolImages: heldOut.length },
    strategies,
    competition,
    seconds: { world: worldSeconds, total: seconds(started) },
  };
}

/**
 * MAD against the entropy, margin and random baselines on the demo world (spec §6 experiment),
 * repeated on `seeds` worlds (seed, seed + 1, …, each in OUT/seed-N), then summarised across
 * them: means with 95 % intervals, differences against MAD paired by seed, the MAD competition
 * between final models, and the labelling cost of each strategy. The tables are rewritten after
 * every seed, so a long run stopped part-way keeps the seeds it finished.
 */
export async function runMadVsBaselines(outDir: string, input: ExperimentOptionsInput, ctx: JobContext, log: (message: string) => void): Promise<ExperimentOutcome> {
  const options = ExperimentOptions.parse(input);
  const out = resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0) throw new FaultlineError('invalid_input', `${out} is not empty; give a new or empty folder for the experiment.`);
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  const testSize = options.testSize ?? options.budget;
  const jsonPath = join(out, 'results.json');
  const markdownPath = join(out, 'results.md');
  const seeds: SeedResult[] = [];
  let results: ExperimentResults | null = null;
  for (let i = 0; i < options.seeds; i++) {
    const seed = options.seed + i;
    seeds.push(await runSeed(join(out, `seed-${seed}`), seed, options, testSize, ctx, log));
    // Written after every seed, so a long run stopped part-way keeps the seeds it finished.
    results = {
      settings: { ...options, testSize, raters: SIMULATED_RATERS.length, ratingSeconds: PUBLISHED_RATING_SECONDS, denseSeconds: PUBLISHED_DENSE_SECONDS },
      seeds,
      summary: summariseSeeds(seeds),
      seconds: { total: seconds(started) },
    };
    writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(markdownPath, resultsMarkdown(results));
  }
  return { results: results!, jsonPath, markdownPath };
}
