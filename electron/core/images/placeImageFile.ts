import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where the copy of an image lives inside the project: `images/<first 2 hash chars>/<hash>.<ext>`. */
export function storedImagePath(hash: string, extension: string): string {
  return `images/${hash.slice(0, 2)}/${hash}.${extension}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts an image into the project folder so the project is self-contained (and the server host,
 * which serves only files inside the project, can serve it). It writes the very bytes that were
 * hashed (never a hard link, which a later edit of the source would silently change), under a
 * temporary name renamed into place, so a crash never leaves a half-written image. Returns the
 * project-relative path.
 */
export async function placeImageFile(projectDir: string, bytes: Uint8Array, hash: string, extension: string): Promise<string> {
  const relPath = storedImagePath(hash, extension);
  const target = join(projectDir, ...relPath.split('/'));
  if (await exists(target)) return relPath;
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return relPath;
}
