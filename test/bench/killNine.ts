/**
 * kill -9 fault injection over the long jobs of the built CLI (import, infer, quality, errors),
 * with more trials than the test suite runs: each trial SIGKILLs the job on a fresh copy of a
 * small project at a seeded moment (project open, first unit of work, mid-way, near the end,
 * plus a seeded delay), checks the project as the kill left it (integrity_check,
 * foreign_key_check, half-written rows), reruns the command and compares the result with an
 * uninterrupted run's. The ceiling is the uninterrupted run itself, timed in the same run between
 * trials: the ratio is the rerun's time over it. Prints one JSON object.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/killNine.ts [TRIALS per job, default 50] [jobs, default import,infer,quality,errors]
 * Replay with FAULTLINE_FAULT_SEED=<seed> (default the suite's).
 */
import os from 'node:os';
import {
  MOMENTS,
  POLL_MS,
  describeTrial,
  faultSeed,
  prepareJob,
  runTrial,
  runUninterrupted,
  type Baseline,
  type TrialResult,
} from '../helpers/killNine/harness.js';
import { KILL_JOBS } from '../helpers/killNine/jobs.js';
import type { KillJob } from '../helpers/killNine/killJob.js';
import { makeTempDir } from '../helpers/tempDir.js';

const TRIALS = Number(process.argv[2] ?? 50);
const chosen = process.argv[3]?.split(',') ?? KILL_JOBS.map((j) => j.name);
/** An uninterrupted run between every this many trials, so the ceiling sees the same machine load as the reruns. */
const CLEAN_EVERY = 5;
const FAILURES_SHOWN = 5;

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, v) => a + v, 0) / values.length);
const round = (v: number, digits = 3) => +v.toFixed(digits);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function failures(r: TrialResult): string[] {
  return [
    ...r.corrupt,
    ...r.halfWritten,
    ...(r.rerun.code === 0 ? [] : [`rerun exited ${r.rerun.code}: ${r.rerun.stderr.trim().slice(0, 200)}`]),
    ...(r.finalStateMatches || r.rerun.code !== 0 ? [] : ['final state differs from the uninterrupted run']),
    ...(r.lockReleased ? [] : ['the rerun left the lock behind']),
  ];
}

async function benchJob(job: KillJob, root: string, seed: number) {
  const prepared = await prepareJob(job, root);
  const baseline = await runUninterrupted(prepared);
  const clean: Baseline[] = [baseline];
  const results: TrialResult[] = [];
  const harnessErrors: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    if (trial > 0 && trial % CLEAN_EVERY === 0) clean.push(await runUninterrupted(prepared));
    try {
      results.push(await runTrial(prepared, baseline, seed, trial));
    } catch (error) {
      harnessErrors.push(`trial ${trial}: ${(error as Error).message}`);
    }
  }
  const killed = results.filter((r) => r.killed);
  const failed = results.filter((r) => failures(r).length > 0);
  const uninterruptedSeconds = mean(clean.map((c) => c.run.seconds));
  const meanRerunSeconds = mean(results.map((r) => r.rerun.seconds));
  const sameState = JSON.stringify(baseline.state);
  return {
    project: job.about,
    uninterruptedRuns: clean.length,
    uninterruptedFailures: clean.filter((c) => c.run.code !== 0 || c.problems.length > 0).length,
    // Uninterrupted runs must agree with each other, or comparing reruns with one of them means nothing.
    uninterruptedStatesDiffering: clean.filter((c) => JSON.stringify(c.state) !== sameState).length,
    trials: results.length,
    killed: killed.length,
    endedBeforeKill: results.length - killed.length,
    killsBeforeFirstCommit: killed.filter((r) => r.committedAtKill === 0).length,
    killsAfterFirstCommit: killed.filter((r) => r.committedAtKill > 0).length,
    killsByMoment: Object.fromEntries(MOMENTS.map((m) => [m, killed.filter((r) => r.plan.moment === m).length])),
    progressAtKill: { total: baseline.total, values: killed.map((r) => r.progressAtKill) },
    corruptProjects: results.filter((r) => r.corrupt.length > 0).length,
    halfWrittenRows: results.reduce((n, r) => n + r.halfWritten.length, 0),
    failedReruns: results.filter((r) => r.rerun.code !== 0).length,
    finalStateMismatches: results.filter((r) => r.rerun.code === 0 && !r.finalStateMatches).length,
    locksTakenOver: results.filter((r) => r.lockLeftBy !== null && r.rerun.code === 0).length,
    tempFilesAfterKill: results.reduce((n, r) => n + r.tempFilesAfterKill, 0),
    strayTempFilesAfterRerun: results.reduce((n, r) => n + r.strayTempFiles.length, 0),
    harnessErrors,
    failures: failed.slice(0, FAILURES_SHOWN).map((r) => `${describeTrial(r)}: ${failures(r).slice(0, 3).join('; ')}`),
    uninterruptedSeconds: round(uninterruptedSeconds),
    meanRerunSeconds: round(meanRerunSeconds),
    rerunOverUninterrupted: round(meanRerunSeconds / uninterruptedSeconds, 2),
    medianRerunOverUninterrupted: round(median(results.map((r) => r.rerun.seconds)) / median(clean.map((c) => c.run.seconds)), 2),
  };
}

async function main(): Promise<void> {
  const seed = faultSeed();
  const temp = makeTempDir('faultline-kill9-bench-');
  const started = performance.now();
  try {
    const jobs: Record<string, Awaited<ReturnType<typeof benchJob>>> = {};
    for (const job of KILL_JOBS.filter((j) => chosen.includes(j.name))) jobs[job.name] = await benchJob(job, temp.dir, seed);
    const all = Object.values(jobs);
    const sum = (pick: (j: (typeof all)[number]) => number) => all.reduce((n, j) => n + pick(j), 0);
    console.log(
      JSON.stringify(
        {
          benchmark: 'kill -9 during long jobs',
          machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverage: os.loadavg().map((v) => round(v, 2)) },
          conditions: { seed, trialsPerJob: TRIALS, moments: MOMENTS, pollMs: POLL_MS, uninterruptedRunEvery: CLEAN_EVERY, client: 'node bin/faultline.js (the built CLI), SIGKILL' },
          jobs,
          totals: {
            trials: sum((j) => j.trials),
            killed: sum((j) => j.killed),
            corruptProjects: sum((j) => j.corruptProjects),
            halfWrittenRows: sum((j) => j.halfWrittenRows),
            failedReruns: sum((j) => j.failedReruns),
            finalStateMismatches: sum((j) => j.finalStateMismatches),
            seconds: round((performance.now() - started) / 1000, 1),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    temp.cleanup();
  }
}

await main();
