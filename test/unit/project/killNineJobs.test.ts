import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { describeTrial, faultSeed, prepareJob, runTrial, runUninterrupted, type Baseline, type PreparedJob, type TrialResult } from '../../helpers/killNine/harness.js';
import { KILL_JOBS } from '../../helpers/killNine/jobs.js';
import { REPO_ROOT, runCli } from '../../helpers/runCliProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/**
 * kill -9 over the long jobs of the real CLI: each trial runs the job on a fresh copy of a small
 * project, SIGKILLs it at a seeded moment picked from what it has visibly done (project open,
 * first unit of work, mid-way, near the end, plus a seeded delay), checks the project as the kill
 * left it, then reruns the command and compares the result with an uninterrupted run's.
 * Replay a failure with FAULTLINE_FAULT_SEED=<seed from its message>.
 */
const TRIALS = 10;
const seed = faultSeed();
const temp = makeTempDir('faultline-kill9-');
afterAll(() => temp.cleanup());

/** Writes more than its page cache holds inside one transaction, then kills itself before committing. */
const KILLED_WRITER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1]);
db.pragma('cache_size = 2');
db.exec('BEGIN IMMEDIATE');
const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
for (let i = 0; i < 200; i++) insert.run('filler-' + i, 'x'.repeat(3000));
process.kill(process.pid, 'SIGKILL');
`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('a project whose writer was killed inside a rollback-journal transaction opens for writing, with that write rolled back', () => {
  const dir = join(temp.dir, 'hot-journal');
  createProjectDb(dir, 'Hot journal').close();
  // A closed project is in rollback-journal mode: this writer leaves a hot journal behind.
  const writer = spawnSync(process.execPath, ['--input-type=module', '-e', KILLED_WRITER, projectDbPath(dir)], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(writer.signal, writer.stderr).toBe('SIGKILL');
  expect(existsSync(`${projectDbPath(dir)}-journal`)).toBe(true);
  // Read-only cannot roll it back: it says what to do, not that the folder is unwritable.
  expect(() => openProjectDb(dir, { readOnly: true })).toThrow(/not closed cleanly .* Open it once for writing, not read-only/);

  const empty = join(temp.dir, 'hot-journal-images');
  mkdirSync(empty);
  const result = runCli(['import', dir, empty, '--json']);
  expect(result.status, result.stderr).toBe(0);
  const db = new Database(projectDbPath(dir), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.prepare("SELECT count(*) FROM meta WHERE key LIKE 'filler-%'").pluck().get()).toBe(0);
  db.close();
});

describe.each(KILL_JOBS)('kill -9 during $name', (job) => {
  let prepared: PreparedJob;
  let baseline: Baseline;
  const results: TrialResult[] = [];

  beforeAll(async () => {
    prepared = await prepareJob(job, temp.dir);
    baseline = await runUninterrupted(prepared);
  }, 180_000);

  it('runs to its end uninterrupted with sound, whole rows', () => {
    expect(baseline.run.code, baseline.run.stderr).toBe(0);
    expect(baseline.problems).toEqual([]);
    expect(baseline.total).toBeGreaterThan(0);
  });

  it.each(Array.from({ length: TRIALS }, (_, i) => i))(
    `trial %i (FAULTLINE_FAULT_SEED=${seed}): the killed project is sound and whole, and a rerun ends as an uninterrupted run`,
    async (trial) => {
      const r = await runTrial(prepared, baseline, seed, trial);
      results.push(r);
      const about = describeTrial(r);
      expect(r.corrupt, about).toEqual([]);
      expect(r.halfWritten, about).toEqual([]);
      expect(r.rerun.code, `${about}\n${r.rerun.stderr}`).toBe(0);
      expect(r.finalState, about).toEqual(baseline.state);
      if (r.lockLeftBy !== null) {
        // SIGKILL left the lock behind; the rerun above took it over because its owner is gone.
        expect(r.lockLeftBy, about).toBeGreaterThan(0);
        expect(processAlive(r.lockLeftBy), about).toBe(false);
      }
      expect(r.lockReleased, about).toBe(true);
    },
    120_000,
  );

  it("killed the job while it ran in most trials, and reruns took a dead owner's lock over", () => {
    const killed = results.filter((r) => r.killed);
    const afterCommit = killed.filter((r) => r.committedAtKill > 0).length;
    const locksLeft = results.filter((r) => r.lockLeftBy !== null).length;
    const stray = results.reduce((n, r) => n + r.strayTempFiles.length, 0);
    console.log(
      `kill -9 ${job.name} (seed ${seed}): ${results.length} trials, ${killed.length} killed (${killed.length - afterCommit} before the first commit, ${afterCommit} after), ` +
        `progress at kill ${killed.map((r) => r.progressAtKill).join(',')} of ${baseline.total}; ${locksLeft} locks left behind; stray temporary files after reruns: ${stray}`,
    );
    expect(results).toHaveLength(TRIALS);
    expect(killed.length).toBeGreaterThanOrEqual(TRIALS / 2);
    expect(locksLeft).toBeGreaterThan(0);
  });
});
