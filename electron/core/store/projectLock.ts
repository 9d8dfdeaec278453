import { createHash } from 'node:crypto';
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

/** A lock file as found: its inode and text tell this instance from a later one at the same path. */
interface SeenLock {
  identity: string;
  owner: LockOwner | null;
}

function seeLock(path: string): SeenLock | null {
  let text: string;
  let ino: number;
  try {
    ino = statSync(path).ino;
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let owner: LockOwner | null;
  try {
    owner = JSON.parse(text) as LockOwner;
  } catch {
    owner = null;
  }
  return { identity: `${ino}:${text}`, owner };
}

function readOwner(path: string): LockOwner | null {
  return seeLock(path)?.owner ?? null;
}

/**
 * On this machine a lock is stale only when its process is gone (or its pid now belongs to a
 * process that started later): a stopped or busy owner keeps it, however old its heartbeat. From
 * another machine, whose processes cannot be seen, only the heartbeat tells.
 */
function isStale(path: string, owner: LockOwner | null): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return false;
  }
  if (!owner) return age > WRITING_GRACE_MS;
  if (owner.host !== hostname()) return age > STALE_AFTER_MS;
  if (!processAlive(owner.pid)) return true;
  const started = processStartTime(owner.pid);
  return owner.startTime !== undefined && started !== null && started !== owner.startTime;
}

/** A takeover claim of a process killed mid-takeover (which lasts microseconds) is cleared once its pid is gone, or after this. */
const CLAIM_STALE_MS = 10_000;

/**
 * Removes a lock judged stale, unless another process got there first. Two processes that both
 * judged the same dead owner's lock stale must not both remove "the lock": the second would remove
 * the first's fresh one, and both would write. So a takeover first claims that very lock instance
 * (a file named for its inode and text, created exclusively), then checks, under the claim, that
 * the lock is still that instance and still stale.
 */
function removeStaleLock(path: string, seen: SeenLock): void {
  const claim = `${path}.takeover-${createHash('sha256').update(seen.identity).digest('hex').slice(0, 16)}`;
  try {
    const fd = openSync(claim, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      const claimant = Number(readFileSync(claim, 'utf8'));
      const dead = Number.isInteger(claimant) && claimant > 0 && !processAlive(claimant);
      if (dead || Date.now() - statSync(claim).mtimeMs > CLAIM_STALE_MS) rmSync(claim, { force: true });
    } catch {
      // The claim's owner finished meanwhile.
    }
    return;
  }
  try {
    const now = seeLock(path);
    if (now !== null && now.identity === seen.identity && isStale(path, now.owner)) rmSync(path, { force: true });
  } finally {
    rmSync(claim, { force: true });
  }
}

/**
 * One writer per project, across processes and machines sharing a folder. SQLite would let two
 * processes write, but two workstations interleaving rounds would make a mess no one asked for.
 * A crashed owner leaves the file behind; it is taken over once its process is gone (see isStale).
 */
/** Whether a live process holds the project's write lock (a read-only open may then find its WAL, which is no sign of a crash). */
export function hasLiveWriter(dir: string): boolean {
  const path = join(dir, LOCK_FILE);
  const seen = seeLock(path);
  return seen !== null && !isStale(path, seen.owner);
}

export function acquireProjectLock(dir: string): ProjectLock {
  const path = join(dir, LOCK_FILE);
  const startTime = processStartTime(process.pid);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...(startTime === null ? {} : { startTime }) };
  for (let attempt = 0; attempt < 3; attempt++) {
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
      const seen = seeLock(path);
      if (seen === null) continue;
      if (!isStale(path, seen.owner)) {
        const owner = seen.owner;
        throw new FaultlineError(
          'project_locked',
          `The project at ${dir} is open elsewhere (process ${owner?.pid} on ${owner?.host} since ${owner?.since}). ` +
            'Close it there first, or open it read-only.',
        );
      }
      removeStaleLock(path, seen);
    }
  }
  throw new FaultlineError('project_locked', `Could not take the lock on ${dir}; another process keeps creating it.`);
}
