import { randomBytes } from 'node:crypto';
import { mkdir, opendir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where the copy of an image lives inside the project: `images/<first 2 hash chars>/<hash>.<ext>`. */
export function storedImagePath(hash: string, extension: string): string {
  return `images/${hash.slice(0, 2)}/${hash}.${extension}`;
}

/** A DICOM frame's modality values beside its image: raw 16-bit little-endian samples (StoredValues says how to read them). */
export const DICOM_VALUES_EXTENSION = 'values.u16';

/** The temporary name a copy is written under: the writer's pid lets a later run tell its own from a killed run's. */
const TEMP_SUFFIX = /\.tmp-(\d+)-[0-9a-f]{8}$/;

function tempPathFor(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
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
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return relPath;
}

/**
 * Removes the half-written copies a killed import left behind (`images/xx/<hash>.<ext>.tmp-…`).
 * Only the project's single writer calls it, so a temporary file of another process is a dead
 * run's; this process's own belong to an import still running. Returns how many it removed.
 */
export async function removeLeftoverTempFiles(projectDir: string): Promise<number> {
  let removed = 0;
  const sweep = async (folder: string, depth: number): Promise<void> => {
    let dir;
    try {
      dir = await opendir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for await (const entry of dir) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth > 0) await sweep(path, depth - 1);
      const owner = TEMP_SUFFIX.exec(entry.name)?.[1];
      if (entry.isFile() && owner !== undefined && Number(owner) !== process.pid) {
        await rm(path, { force: true });
        removed++;
      }
    }
  };
  await sweep(join(projectDir, 'images'), 1);
  return removed;
}
