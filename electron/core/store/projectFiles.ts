import { closeSync, existsSync, fstatSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';

/** The project database inside a project folder. */
export const PROJECT_DB_FILE = 'project.faultline';
export const BACKUP_DIR = 'backups';
/** The SQLite application id of every Faultline database ('FLT1'), so a stray SQLite file is told apart. */
export const APPLICATION_ID = 0x464c5431;

const SQLITE_MAGIC = 'SQLite format 3\0';

export function projectDbPath(dir: string): string {
  return join(dir, PROJECT_DB_FILE);
}

export function hasProjectDb(dir: string): boolean {
  return existsSync(projectDbPath(dir));
}

export function assertDirectory(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new FaultlineError('not_found', `There is no folder at ${dir}. Check the path, or create a new project there.`);
  }
  if (!isDir) throw new FaultlineError('not_a_project', `${dir} is a file, not a project folder.`);
}

/** Reads the first bytes of the database so a non-SQLite file is refused before SQLite touches it. */
export function assertSqliteHeader(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read < 16 || header.toString('latin1') !== SQLITE_MAGIC) {
      throw new FaultlineError(
        'not_a_project',
        `${path} is not a Faultline project database (it is not an SQLite file). Nothing was changed.`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the file is shorter than the size its header records (a truncated copy), found from the
 * header alone. The recorded size counts only when its version-valid-for field matches the
 * change counter, as SQLite itself requires.
 */
export function isTruncated(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return true;
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65_536 : raw;
    const recorded = header.readUInt32BE(24) === header.readUInt32BE(92);
    return recorded && fstatSync(fd).size < header.readUInt32BE(28) * pageSize;
  } finally {
    closeSync(fd);
  }
}

/** Permission bits say little when running as root or on network shares, so try a real write. */
export function assertWritable(dir: string): void {
  const probe = join(dir, `.faultline-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch {
    throw new FaultlineError(
      'not_writable',
      `The project folder ${dir} is not writable. Fix its permissions, or open the project read-only.`,
    );
  }
}
