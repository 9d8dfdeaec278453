import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { createDemoProject } from '../demo/createDemoProject.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { openProjectDb } from '../store/openProjectDb.js';
import { poolImages } from '../store/images.js';
import { ExperimentOptions, type ExperimentOptionsInput, type ExperimentResults, type StrategyResult } from './experimentResults.js';
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
 * MAD against the entropy, margin and random baselines on the demo world (spec §6 experiment):
 * the demo is built once and copied per strategy (the oracle is shared; each copy finds it by
 * its relative path), every strategy runs its rounds at the same labelling budget, and then
 * every target version of every strategy is scored by the oracle on the same images: the union
 * of all strategies' unbiased test sets, and the pool images no strategy labelled.
 */
export async function runMadVsBaselines(outDir: string, input: ExperimentOptionsInput, ctx: JobContext, log: (message: string) => void): Promise<ExperimentOutcome> {
  const options = ExperimentOptions.parse(input);
  const out = resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0) throw new FaultlineError('invalid_input', `${out} is not empty; give a new or empty folder for the experiment.`);
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  const testSize = options.testSize ?? options.budget;

  log(`Building the demo world (seed ${options.seed})`);
  const base = join(out, 'base');
  const demo = await createDemoProject(base, { seed: options.seed, oracleDir: join(out, 'oracle'), ...(options.worldSizes ? { sizes: options.worldSizes } : {}) }, ctx);
  const worldSeconds = seconds(started);

  const runs: StrategyRun[] = [];
  for (const strategy of options.strategies) {
    ctx.throwIfCancelled();
    // A sibling of the base project, so the relative oracle path stored in the copy still leads to OUT/oracle.
    const dir = join(out, strategy);
    cpSync(base, dir, { recursive: true });
    const project = openProjectDb(dir);
    try {
      const sim = await OracleSimulation.open(project.db, project.dir);
      runs.push(await runStrategy(project, sim, { strategy, rounds: options.rounds, budget: options.budget, testSize, seed: options.seed, raterNoise: options.raterNoise }, ctx, log));
    } finally {
      project.close();
    }
  }
  rmSync(base, { recursive: true, force: true });

  log('Scoring every target version with the oracle on the shared images');
  const unionT = [...new Set(runs.flatMap((r) => r.testImages))].sort((a, b) => a - b);
  const labelled = new Set(runs.flatMap((r) => r.labelledImages));
  const strategies: StrategyResult[] = [];
  let heldOutImages = 0;
  for (const run of runs) {
    ctx.throwIfCancelled();
    const project = openProjectDb(join(out, run.strategy), { readOnly: true });
    try {
      const heldOut = poolImages(project.db)
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
      });
      heldOutImages = heldOut.length;
    } finally {
      project.close();
    }
  }
  const results: ExperimentResults = {
    settings: { ...options, testSize, raters: SIMULATED_RATERS.length },
    world: { images: demo.images, models: demo.models },
    union: { testImages: unionT.length, heldOutPoolImages: heldOutImages },
    strategies,
    seconds: { world: worldSeconds, total: seconds(started) },
  };
  const jsonPath = join(out, 'results.json');
  const markdownPath = join(out, 'results.md');
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdownPath, resultsMarkdown(results));
  return { results, jsonPath, markdownPath };
}
