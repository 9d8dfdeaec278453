import { describe, expect, it } from 'vitest';
import { classifyError, isRetryable, retryReason } from '../../../electron/core/images/errorClass.js';
import { ImportFailureError } from '../../../electron/core/images/importFailure.js';

function errno(code: string, message = `${code}: something went wrong, open '/a/b.jpg'`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'open', path: '/a/b.jpg' });
}

describe('error classification', () => {
  it.each(['ENOENT', 'EACCES', 'EPERM', 'EBUSY', 'EMFILE', 'ENFILE', 'EIO', 'ENOSPC', 'EAGAIN', 'ETIMEDOUT'])('%s (I/O or resources) is retryable', (code) => {
    expect(classifyError(errno(code))).toBe('retryable');
    expect(isRetryable(errno(code))).toBe(true);
  });

  it('treats a decoder refusal as permanent', () => {
    expect(classifyError(new ImportFailureError('corrupt', 'The JPEG file is damaged or truncated and cannot be decoded.'))).toBe('permanent');
    expect(classifyError(new ImportFailureError('mask_invalid', 'The mask is an RGB colour image.'))).toBe('permanent');
    // sharp's own messages, as inference meets them
    expect(classifyError(new Error('Input buffer contains unsupported image format'))).toBe('permanent');
    expect(classifyError(new Error('VipsJpeg: Corrupt JPEG data: premature end of data segment'))).toBe('permanent');
    // an import failure whose reason mentions an errno code is still the content's fault
    expect(classifyError(new ImportFailureError('unreadable', 'The file cannot be read (EISDIR).'))).toBe('permanent');
  });

  it('treats errors without a retryable errno code as permanent', () => {
    expect(classifyError(errno('EISDIR'))).toBe('permanent');
    expect(classifyError(Object.assign(new Error('x'), { code: 'invalid_input' }))).toBe('permanent');
    expect(classifyError('ENOENT')).toBe('permanent');
    expect(classifyError(null)).toBe('permanent');
    expect(classifyError(undefined)).toBe('permanent');
  });

  it('looks through the cause chain, and survives a cycle', () => {
    expect(classifyError(new Error('reading failed', { cause: errno('EMFILE') }))).toBe('retryable');
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a)).toBe('permanent');
  });

  it('gives a short reason without the path', () => {
    expect(retryReason(errno('ENOENT', "ENOENT: no such file or directory, open '/x/a.jpg'"))).toBe('ENOENT (no such file or directory)');
    expect(retryReason(errno('EBUSY', 'locked'))).toBe('EBUSY');
    expect(retryReason(new Error('wrapped', { cause: errno('EIO', 'EIO: i/o error, read') }))).toBe('EIO (i/o error)');
  });
});
