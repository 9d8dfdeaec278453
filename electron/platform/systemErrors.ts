import { FaultlineError, type ErrorCode } from '../../shared/contract/errors.js';

/** Node and SQLite codes of a full disk, and of a place the process may not write. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);

/** A path the user gave that the file system refused, and what to tell them. */
const BAD_PATH: Readonly<Record<string, { code: ErrorCode; says: string }>> = {
  ENOENT: { code: 'not_found', says: 'There is no such file or folder' },
  ENOTDIR: { code: 'invalid_input', says: 'A part of this path is a file, not a folder' },
  EISDIR: { code: 'invalid_input', says: 'This is a folder; a file was expected' },
  EEXIST: { code: 'invalid_input', says: 'Something is already there' },
  ENAMETOOLONG: { code: 'invalid_input', says: 'This path is too long for the file system' },
  ELOOP: { code: 'invalid_input', says: 'This path goes round a loop of symbolic links' },
  ENODEV: { code: 'invalid_input', says: 'This is a device, not a file or folder' },
  ENXIO: { code: 'invalid_input', says: 'This is a device, not a file or folder' },
};

/** Node refuses a path with a NUL byte before asking the file system, with an argument error. */
function hasNulPath(error: { code?: unknown; message?: unknown }): boolean {
  return (error.code === 'ERR_INVALID_ARG_VALUE' || error.code === 'ERR_INVALID_ARG_TYPE') && typeof error.message === 'string' && /null bytes/i.test(error.message);
}

/**
 * A failure of the machine or of a path rather than of Faultline (a full disk, a folder it may not
 * write, a path that does not exist or is the wrong kind), told as one sentence that says what to
 * do; null for anything else, which stays an internal error.
 */
export function systemError(error: unknown): FaultlineError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, path } = error as { code?: unknown; path?: unknown };
  if (typeof code !== 'string') return null;
  const at = typeof path === 'string' ? ` (${path})` : '';
  if (DISK_FULL.has(code)) {
    return new FaultlineError('not_writable', `The disk is full${at}. Free some space and run it again; what was finished is kept.`);
  }
  if (NOT_WRITABLE.has(code)) {
    return new FaultlineError('not_writable', `Faultline may not write here${at} (${code}). Check the folder's permissions, or work on a copy.`);
  }
  const bad = BAD_PATH[code];
  if (bad) return new FaultlineError(bad.code, `${bad.says}${at}. Check the path and try again.`);
  if (hasNulPath(error as { code?: unknown; message?: unknown })) return new FaultlineError('invalid_input', 'A path may not contain a NUL character. Check the path and try again.');
  return null;
}
