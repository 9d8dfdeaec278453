import { spawn } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isFaultlineError } from '../../../shared/contract/errors.js';
import { LOCK_FILE } from '../../../electron/core/store/projectLock.js';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const OPEN_DB = fileURLToPath(new URL('../../../electron/core/store/openProjectDb.ts', import.meta.url));
const TEN_MINUTES_AGO = new Date(Date.now() - 10 * 60_000);

function lockedCode(dir: string): string | null {
  try {
    openProjectDb(dir).close();
    return null;
  } catch (error) {
    return isFaultlineError(error) ? error.code : String(error);
  }
}

/** A second process that opens the project for writing and holds it until killed. */
async function holder(dir: string) {
  const script = `const { openProjectDb } = await import(${JSON.stringify(OPEN_DB)}); openProjectDb(${JSON.stringify(dir)}); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    async kill() {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('the single-writer lock', () => {
  const temp = makeTempDir();
  afterEach(() => temp.cleanup());

  it('stays with a stopped owner on this machine, however old its heartbeat, and passes on once the owner is gone', async () => {
    const dir = join(temp.dir, `stopped-${Date.now()}`);
    createProjectDb(dir, 'p').close();
    const owner = await holder(dir);
    owner.child.kill('SIGSTOP');
    utimesSync(join(dir, LOCK_FILE), TEN_MINUTES_AGO, TEN_MINUTES_AGO);
    for (let trial = 0; trial < 20; trial++) expect(lockedCode(dir)).toBe('project_locked');
    await owner.kill();
    expect(lockedCode(dir)).toBeNull();
  });

  it('is taken over when its pid now belongs to a process that started later', () => {
    const dir = join(temp.dir, `reused-${Date.now()}`);
    createProjectDb(dir, 'p').close();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), since: 'x', startTime: '1' }));
    expect(lockedCode(dir)).toBeNull();
  });

  it('from another machine, is kept while its heartbeat is fresh and taken over once it is old', () => {
    const dir = join(temp.dir, `remote-${Date.now()}`);
    createProjectDb(dir, 'p').close();
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: 1, host: `not-${hostname()}`, since: 'x' }));
    expect(lockedCode(dir)).toBe('project_locked');
    utimesSync(lock, TEN_MINUTES_AGO, TEN_MINUTES_AGO);
    expect(lockedCode(dir)).toBeNull();
  });
});
