import { isImportFailure } from './importFailure.js';

/**
 * Whether an error is worth trying again: `retryable` when it comes from the machine (the file
 * system, its permissions, its resources: the next run may well succeed), `permanent` when the
 * content itself was refused (an undecodable image, a bad mask). Only permanent errors are
 * recorded against an image; a run that met retryable ones ends incomplete and the next run
 * tries those files again.
 */
export type ErrorClass = 'retryable' | 'permanent';

/** Node errno codes of I/O and resource failures: a moved folder, a lock, a full disk, too many open files. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EBUSY',
  'EMFILE',
  'ENFILE',
  'EIO',
  'ENOSPC',
  'EDQUOT',
  'EAGAIN',
  'EWOULDBLOCK',
  'EINTR',
  'ETIMEDOUT',
  'ENOMEM',
  'ESTALE',
  'ENXIO',
  'ENODEV',
  'ENOTCONN',
  'ECONNRESET',
  'EHOSTDOWN',
]);

function errnoCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/**
 * Classifies an error, looking through its `cause` chain: a decoder's refusal (ImportFailureError,
 * sharp's "unsupported image format" or "corrupt" errors, a bad mask) is permanent, and so is any
 * error that carries no errno code of an I/O or resource failure.
 */
export function classifyError(error: unknown): ErrorClass {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (isImportFailure(e)) return 'permanent';
    const code = errnoCode(e);
    if (code !== null && RETRYABLE_CODES.has(code)) return 'retryable';
    if (typeof e !== 'object') break;
  }
  return 'permanent';
}

export function isRetryable(error: unknown): boolean {
  return classifyError(error) === 'retryable';
}

/** A short reason for a retryable error: "ENOENT (no such file or directory)", or the error's message. */
export function retryReason(error: unknown): string {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = errnoCode(e);
    if (code !== null && RETRYABLE_CODES.has(code)) {
      // Node's messages read "ENOENT: no such file or directory, open '/a/b.jpg'"; the path is said elsewhere.
      const what = e instanceof Error ? /^E[A-Z0-9]+: ([^,]+)/.exec(e.message)?.[1] : undefined;
      return what ? `${code} (${what})` : code;
    }
    if (typeof e !== 'object') break;
  }
  return error instanceof Error ? error.message : String(error);
}
