import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isRetryable } from './errorClass.js';
import { ImportFailureError } from './importFailure.js';
import { deflateLabelMap } from '../store/labelMapBlob.js';
import { readMaskPng } from './readMask.js';

/** Files above this are refused unread; no image within a sane pixel limit needs more. */
const MAX_FILE_BYTES = 1024 ** 3;

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** The file system's calls, replaceable in tests to inject I/O errors. */
export const sourceFs = { stat, readFile };

/**
 * The bytes of one image file; empty, oversized and unreadable files become import failures.
 * A retryable I/O error (the file vanished, a lock, too many open files) is thrown as it is: it
 * says nothing about the file, and the next run tries it again.
 */
export async function readImageFile(path: string): Promise<Buffer> {
  let size: number;
  try {
    size = (await sourceFs.stat(path)).size;
  } catch (error) {
    if (isRetryable(error)) throw error;
    throw new ImportFailureError('unreadable', `The file cannot be read (${errorCode(error)}).`);
  }
  if (size === 0) throw new ImportFailureError('empty', 'The file is empty (0 bytes).');
  if (size > MAX_FILE_BYTES) throw new ImportFailureError('too_large', `The file is ${(size / 1024 ** 3).toFixed(1)} GiB; files above 1 GiB are not imported.`);
  try {
    return await sourceFs.readFile(path);
  } catch (error) {
    if (isRetryable(error)) throw error;
    throw new ImportFailureError('unreadable', `The file cannot be read (${errorCode(error)}).`);
  }
}

/** `a/b/c.jpg` → `a/b/c.png`: a mask mirrors its image's path under the masks folder. */
export function maskPathFor(relPath: string): string {
  return relPath.replace(/\.[^./]+$/, '.png');
}

/** The ground truth of the image at `relPath`, checked against its size and deflated for storage. */
export async function readMaskFile(masksFolder: string, relPath: string, size: { width: number; height: number }): Promise<Buffer> {
  const maskRel = maskPathFor(relPath);
  let bytes: Buffer;
  try {
    bytes = await sourceFs.readFile(join(masksFolder, ...maskRel.split('/')));
  } catch (error) {
    // A mask that is not there is the user's to add; any other I/O error may pass by itself.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ImportFailureError('mask_missing', `No mask at ${maskRel} in the masks folder.`);
    if (isRetryable(error)) throw error;
    throw new ImportFailureError('mask_invalid', `The mask ${maskRel} cannot be read (${errorCode(error)}).`);
  }
  return deflateLabelMap(readMaskPng(bytes, size));
}
