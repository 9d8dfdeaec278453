import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { processAlive } from '../../platform/processAlive.js';

export const LOCK_FILE = 'faultline.lock';
const HEARTBEAT_MS = 30_000;
/** A lock from another machine whose owner stopped refreshing it this long ago is stale. */
const STALE_AFTER_MS = 4 * HEARTBEAT_MS;
/** A lock file this young may still be being written by its owner; unreadable, it is not yet stale. */
const WRITING_GRACE_MS = 5_000;

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** When the owner process started (Linux: /proc start time), so a reused pid is told apart. */
  startTime?: string;
}

export interface ProjectLock {
  release(): void;
}

/** A process's start time in clock ticks since boot, where the system says it (Linux); null elsewhere. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/**
 * On this machine a lock is stale only when its process is gone (or its pid now belongs to a
 * process that started later): a stopped or busy owner keeps it, however old its heartbeat. From
 * another machine, whose processes cannot be seen, only the heartbeat tells.
 */
function isStale(path: string, owner: LockOwner | null): boolean {
  const age = Date.now() - statSync(path).mtimeMs;
  if (!owner) return age > WRITING_GRACE_MS;
  if (owner.host !== hostname()) return age > STALE_AFTER_MS;
  if (!processAlive(owner.pid)) return true;
  const started = processStartTime(owner.pid);
  return owner.startTime !== undefined && started !== null && started !== owner.startTime;
}

/**
 * One writer per project, across processes and machines sharing a folder. SQLite would let two
 * processes write, but two workstations interleaving rounds would make a mess no one asked for.
 * A crashed owner leaves the file behind; it is taken over once its process is gone (see isStale).
 */
export function acquireProjectLock(dir: string): ProjectLock {
  const path = join(dir, LOCK_FILE);
  const startTime = processStartTime(process.pid);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...(startTime === null ? {} : { startTime }) };
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
