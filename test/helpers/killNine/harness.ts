import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { LOCK_FILE } from '../../../electron/core/store/projectLock.js';
import { projectDbPath } from '../../../electron/core/store/projectFiles.js';
import { CLI_BIN } from '../runCliProcess.js';
import type { KillJob } from './killJob.js';

/** The fixed seed of CI runs; FAULTLINE_FAULT_SEED replays another. */
export const DEFAULT_FAULT_SEED = 160907;

export function faultSeed(): number {
  const env = process.env.FAULTLINE_FAULT_SEED;
  return env ? Number(env) : DEFAULT_FAULT_SEED;
}

/** How often the harness looks at the project while the job runs. */
export const POLL_MS = 4;
const TEMP_FILE = /\.tmp-/;

/** Where in the job a trial kills it: once the project is open, at its first visible unit of work, mid-way or near the end. */
export const MOMENTS = ['open', 'first', 'mid', 'end'] as const;
export type Moment = (typeof MOMENTS)[number];

export interface KillPlan {
  trial: number;
  moment: Moment;
  /** Kill once the job's progress reaches this (0: as soon as the project is open). */
  target: number;
  /** Then wait this much more, so kills also land between the moments the harness can see. */
  delayMs: number;
}

/** A job seeded once: trials copy `template` and run the job on the copy. */
export interface PreparedJob {
  job: KillJob;
  root: string;
  template: string;
  inputs: string;
  copies: number;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** What an uninterrupted run leaves: the state every interrupted-then-rerun copy must reach. */
export interface Baseline {
  run: CliRun;
  /** The job's progress at the end, the scale of the kill targets. */
  total: number;
  problems: string[];
  state: unknown;
}

export interface TrialResult {
  job: string;
  seed: number;
  plan: KillPlan;
  /** False when the job ended before the kill came. */
  killed: boolean;
  progressAtKill: number;
  committedAtKill: number;
  /** The lock file the killed process left behind, with its dead owner's pid. */
  lockLeftBy: number | null;
  /** integrity_check and foreign_key_check findings, after the kill and after the rerun. */
  corrupt: string[];
  halfWritten: string[];
  rerun: CliRun;
  finalState: unknown;
  finalStateMatches: boolean;
  /** Temporary files (`*.tmp-*`) the kill left in the project. */
  tempFilesAfterKill: number;
  /** Temporary files (`*.tmp-*`) still in the project after the rerun. */
  strayTempFiles: string[];
  /** The rerun took the dead owner's lock over and released it when it ended. */
  lockReleased: boolean;
}

export async function prepareJob(job: KillJob, root: string): Promise<PreparedJob> {
  const template = join(root, job.name, 'template');
  const inputs = join(root, job.name, 'inputs');
  mkdirSync(inputs, { recursive: true });
  await job.seed(template, inputs);
  return { job, root, template, inputs, copies: 0 };
}

function freshCopy(prepared: PreparedJob): string {
  const dir = join(prepared.root, prepared.job.name, `copy-${prepared.copies++}`);
  cpSync(prepared.template, dir, { recursive: true });
  return dir;
}

function startCli(args: string[]) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise<CliRun>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, seconds: (performance.now() - started) / 1000 })),
  );
  return { child, done, running: () => child.exitCode === null && child.signalCode === null };
}

function openReader(dir: string): Database.Database {
  const db = new Database(projectDbPath(dir), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

function withReader<T>(dir: string, read: (db: Database.Database) => T): T {
  const db = openReader(dir);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Reads a project as the app's next open sees it, on a copy: a read-write connection rolls back a
 * hot journal or replays the WAL there, and a killed project itself is left as the kill left it
 * for the rerun to recover.
 */
function withRecoveredCopy<T>(dir: string, read: (db: Database.Database, dir: string) => T): T {
  const copy = `${dir}-inspected`;
  cpSync(dir, copy, { recursive: true });
  const db = new Database(projectDbPath(copy), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db, copy);
  } finally {
    db.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

/** integrity_check and foreign_key_check findings; empty for a sound database. */
export function corruption(db: Database.Database): string[] {
  const integrity = db.pragma('integrity_check', { simple: true }) as string;
  const keys = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  return [...(integrity === 'ok' ? [] : [`integrity_check: ${integrity}`]), ...keys.map((k) => `foreign key: ${k.table} row ${k.rowid} → missing ${k.parent}`)];
}

function tempFiles(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return tempFiles(dir, path);
    return TEMP_FILE.test(entry.name) ? [path] : [];
  });
}

function lockOwner(dir: string): number | null {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return null;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid;
  } catch {
    return -1;
  }
}

/** The job run to its end on a fresh copy, as a user who never killed it would see it. */
export async function runUninterrupted(prepared: PreparedJob): Promise<Baseline> {
  const { job } = prepared;
  const dir = freshCopy(prepared);
  const run = await startCli(job.args(dir, prepared.inputs)).done;
  const baseline = withReader(dir, (db) => ({
    run,
    total: job.progress(db, dir),
    problems: [...corruption(db), ...job.halfWritten(db, dir)],
    state: job.finalState(db, dir),
  }));
  rmSync(dir, { recursive: true, force: true });
  return baseline;
}

function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The trial's kill moment, the same for the same seed, job and trial on every machine. */
export function planKill(seed: number, job: string, trial: number, total: number): KillPlan {
  const random = mulberry32(hashSeed(`${seed}:${job}:${trial}`));
  const moment = MOMENTS[trial % MOMENTS.length]!;
  const share = moment === 'mid' ? 0.3 + 0.4 * random() : moment === 'end' ? 0.8 + 0.2 * random() : 0;
  const target = moment === 'open' ? 0 : moment === 'first' ? 1 : Math.max(1, Math.round(total * share));
  const delayMs = Math.floor(random() * (moment === 'open' ? 60 : 25));
  return { trial, moment, target, delayMs };
}

export function describeTrial(r: TrialResult): string {
  const { plan } = r;
  return (
    `${r.job} trial ${plan.trial} (FAULTLINE_FAULT_SEED=${r.seed}): kill at ${plan.moment}, progress ≥ ${plan.target} + ${plan.delayMs} ms; ` +
    `${r.killed ? `killed at progress ${r.progressAtKill} with ${r.committedAtKill} result rows committed` : 'the job ended before the kill'}`
  );
}

/**
 * One trial: the job on a fresh copy, SIGKILLed at the planned moment, the project checked as
 * the kill left it, then the same command run again to its end and the result compared with
 * the uninterrupted run's.
 */
export async function runTrial(prepared: PreparedJob, baseline: Baseline, seed: number, trial: number): Promise<TrialResult> {
  const plan = planKill(seed, prepared.job.name, trial, baseline.total);
  try {
    return await killAndRerun(prepared, baseline, seed, plan);
  } catch (error) {
    throw new Error(`${prepared.job.name} trial ${trial} (FAULTLINE_FAULT_SEED=${seed}, kill at ${plan.moment}, progress ≥ ${plan.target} + ${plan.delayMs} ms): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function killAndRerun(prepared: PreparedJob, baseline: Baseline, seed: number, plan: KillPlan): Promise<TrialResult> {
  const { job, inputs } = prepared;
  const dir = freshCopy(prepared);
  const args = job.args(dir, inputs);
  const reader = openReader(dir);
  const first = startCli(args);
  try {
    const lock = join(dir, LOCK_FILE);
    while (first.running() && !(existsSync(lock) && job.progress(reader, dir) >= plan.target)) await sleep(POLL_MS);
    if (plan.delayMs > 0) await sleep(plan.delayMs);
  } finally {
    first.child.kill('SIGKILL');
    reader.close();
  }
  const killedRun = await first.done;
  const afterKill = withRecoveredCopy(dir, (db, copy) => ({
    progress: job.progress(db, copy),
    committed: job.committed(db),
    corrupt: corruption(db),
    halfWritten: job.halfWritten(db, copy),
  }));
  const lockLeftBy = lockOwner(dir);
  const tempFilesAfterKill = tempFiles(dir).length;
  const rerun = await startCli(args).done;
  const final = withRecoveredCopy(dir, (db, copy) => ({ corrupt: corruption(db), halfWritten: job.halfWritten(db, copy), state: job.finalState(db, copy) }));
  const result: TrialResult = {
    job: job.name,
    seed,
    plan,
    killed: killedRun.signal === 'SIGKILL',
    progressAtKill: afterKill.progress,
    committedAtKill: afterKill.committed,
    lockLeftBy,
    corrupt: [...afterKill.corrupt.map((p) => `after the kill: ${p}`), ...final.corrupt.map((p) => `after the rerun: ${p}`)],
    halfWritten: [...afterKill.halfWritten.map((p) => `after the kill: ${p}`), ...final.halfWritten.map((p) => `after the rerun: ${p}`)],
    rerun,
    finalState: final.state,
    finalStateMatches: JSON.stringify(final.state) === JSON.stringify(baseline.state),
    tempFilesAfterKill,
    strayTempFiles: tempFiles(dir),
    lockReleased: !existsSync(join(dir, LOCK_FILE)),
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}
