import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../../electron/core/store/projectLock.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const RACER = fileURLToPath(new URL('../../fixtures/scripts/lockRacer.ts', import.meta.url));
const RACERS = 4;
const TRIALS = Number(process.env.FAULTLINE_LOCK_TRIALS ?? 20);
const TEN_MINUTES_AGO = new Date(Date.now() - 10 * 60_000);

/** A contender process that answers one line per command (see lockRacer.ts). */
function startRacer() {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, RACER], { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (line: string): Promise<string> => {
    child.stdin.write(`${line}\n`);
    const next = await answers.next();
    if (next.done) throw new Error('a racer stopped');
    return next.value;
  };
  return { child, ask };
}

/** A lock left by a process that no longer exists on this machine. */
async function deadOwnerLock(dir: string): Promise<void> {
  const gone = spawn(process.execPath, ['-e', '']);
  const pid = gone.pid!;
  await new Promise((resolve) => gone.once('exit', resolve));
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: new Date().toISOString() }));
  utimesSync(join(dir, LOCK_FILE), TEN_MINUTES_AGO, TEN_MINUTES_AGO);
}

describe('the single-writer lock under a race', () => {
  const temp = makeTempDir();
  const racers: Array<ReturnType<typeof startRacer>> = [];

  beforeAll(async () => {
    for (let i = 0; i < RACERS; i++) racers.push(startRacer());
    // Each racer answers once it has loaded, so the first race is not decided by start-up time.
    await Promise.all(racers.map((r) => r.ask('release')));
  }, 120_000);
  afterAll(() => {
    for (const r of racers) r.child.kill('SIGKILL');
    temp.cleanup();
  });

  const race = async (dir: string, among = racers): Promise<string[]> => {
    const at = Date.now() + 150;
    return Promise.all(among.map((r) => r.ask(`race\t${dir}\t${at}`)));
  };

  it(`gives the lock to exactly one of ${RACERS} processes racing for a free, a live, a stopped owner's and a stale lock (${TRIALS} trials each)`, async () => {
    const outcomes = { free: 0, stale: 0, held: 0, stoppedOwner: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = join(temp.dir, `race-${trial}`);
      mkdirSync(dir);

      const free = await race(dir);
      expect(free.filter((a) => a === 'got'), `trial ${trial}, free lock: ${free.join(' ')}`).toHaveLength(1);
      // The winner still holds it: a second race finds it live and nobody gets it.
      const held = await race(dir);
      expect(held.filter((a) => a === 'got'), `trial ${trial}, held lock`).toHaveLength(0);
      // A stopped owner (a debugger, a suspended laptop) keeps its lock, however old its heartbeat.
      const owner = racers[free.indexOf('got')]!;
      owner.child.kill('SIGSTOP');
      utimesSync(join(dir, LOCK_FILE), TEN_MINUTES_AGO, TEN_MINUTES_AGO);
      const stopped = await race(dir, racers.filter((r) => r !== owner));
      owner.child.kill('SIGCONT');
      expect(stopped.filter((a) => a === 'got'), `trial ${trial}, stopped owner`).toHaveLength(0);
      await Promise.all(racers.map((r) => r.ask('release')));

      await deadOwnerLock(dir);
      const stale = await race(dir);
      expect(stale.filter((a) => a === 'got'), `trial ${trial}, stale lock: ${stale.join(' ')}`).toHaveLength(1);
      await Promise.all(racers.map((r) => r.ask('release')));
      outcomes.free++;
      outcomes.stale++;
      outcomes.held++;
      outcomes.stoppedOwner++;
    }
    console.log(JSON.stringify({ racers: RACERS, trials: outcomes, writersPerTrial: 1 }));
  }, 300_000);
});
