import { FaultlineError } from '../../shared/contract/errors.js';

/** Node and SQLite codes of a full disk, and of a place the process may not write. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);

/**
 * A failure of the machine rather than of Faultline (a full disk, a folder it may not write), told
 * as one sentence that says what to do; null for anything else, which stays an internal error.
 */
export function resourceError(error: unknown): FaultlineError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const where = (error as { path?: unknown }).path;
  const at = typeof where === 'string' ? ` (${where})` : '';
  if (DISK_FULL.has(code)) {
    return new FaultlineError('not_writable', `The disk is full${at}. Free some space and run it again; what was finished is kept.`);
  }
  if (NOT_WRITABLE.has(code)) {
    return new FaultlineError('not_writable', `Faultline may not write here${at} (${code}). Check the folder's permissions, or work on a copy.`);
  }
  return null;
}
