import { resolve } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { ExperimentOptions, runMadVsBaselines } from '../../core/index.js';
import { runCliJob } from '../cliJobContext.js';

/** Stage lines stay in the log even when stderr is not a terminal (the progress bar is then silent). */
function stageLine(message: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}${message}\n`);
}

export interface ExperimentFlags {
  rounds: number;
  budget: number;
  seed: number;
  seeds: number;
  trainable: string;
  competitionSize: number;
  raterNoise: number;
  worldSizes?: { train: number; test: number; pool: number };
  testSize?: number;
  out: string;
}

export async function madVsBaselines(flags: ExperimentFlags): Promise<void> {
  const parsed = ExperimentOptions.safeParse({
    rounds: flags.rounds,
    budget: flags.budget,
    seed: flags.seed,
    seeds: flags.seeds,
    trainable: flags.trainable,
    competitionSize: flags.competitionSize,
    raterNoise: flags.raterNoise,
    ...(flags.worldSizes ? { worldSizes: flags.worldSizes } : {}),
    ...(flags.testSize !== undefined ? { testSize: flags.testSize } : {}),
  });
  if (!parsed.success) throw new FaultlineError('invalid_input', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const outcome = await runCliJob('Experiment', (ctx) => runMadVsBaselines(resolve(flags.out), parsed.data, ctx, stageLine));
  process.stdout.write(`Tables written to ${outcome.markdownPath} and ${outcome.jsonPath}.\n`);
}
