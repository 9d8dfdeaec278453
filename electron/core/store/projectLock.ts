import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';

export const LOCK_FILE = 'faultline.lock';
const HEARTBEAT_MS = 30_000;
/** A lock whose owner stopped refreshing it this long ago is stale even if its pid was reused. */
const STALE_AFTER_MS = 4 * HEARTBEAT_MS;

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface ProjectLock {
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function isStale(path: string, owner: LockOwner | null): boolean {
  if (!owner) return true;
  const age = Date.now() - statSync(path).mtimeMs;
  if (age > STALE_AFTER_MS) return true;
  return owner.host === hostname() && !processAlive(owner.pid);
}

/**
 * One writer per project, across processes and machines sharing a folder. SQLite would let two
 * processes write, but two workstations interleaving rounds would make a mess no one asked for.
 * A crashed owner leaves the file behind; it is taken over once its process is gone or its
 * heartbeat is old.
 */
export function acquireProjectLock(dir: string): ProjectLock {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      const timer = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(path, now, now);
        } catch {
          clearInterval(timer);
        }
      }, HEARTBEAT_MS);
      timer.unref();
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          clearInterval(timer);
          const owner = readOwner(path);
          if (owner && owner.pid === me.pid && owner.host === me.host) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (!isStale(path, owner)) {
        throw new FaultlineError(
          'project_locked',
          `The project at ${dir} is open elsewhere (process ${owner?.pid} on ${owner?.host} since ${owner?.since}). ` +
            'Close it there first, or open it read-only.',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new FaultlineError('project_locked', `Could not take the lock on ${dir}; another process keeps creating it.`);
}
