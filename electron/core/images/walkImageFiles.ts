import { open, opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isDicomContent, isImageFileName, mayBeDicomFileName } from './imageFormats.js';

export type WalkEntry =
  | { kind: 'file'; path: string; relPath: string; dicom: boolean }
  /** A folder that could not be read; the walk goes on without it. */
  | { kind: 'unreadable'; path: string; relPath: string; reason: string; error: unknown };

export interface WalkOptions {
  /** Folders not to enter (the project itself, the masks folder). */
  skipDir?: (path: string) => boolean;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Reads the 132 bytes that say whether a file is DICOM Part 10; an unreadable file is not. */
async function hasDicomSignature(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
    const head = Buffer.alloc(132);
    const { bytesRead } = await fh.read(head, 0, 132, 0);
    return isDicomContent(head.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

/**
 * Streams the image files under a folder, depth first, one open directory handle per level, so a
 * tree of 100 000 files is never listed into memory. Hidden entries (a leading dot) are skipped,
 * symlinked files are followed, symlinked folders are not (they can loop). `relPath` uses '/'.
 * DICOM files are told by their content (they rarely carry a telling extension).
 */
export async function* walkImageFiles(root: string, options: WalkOptions = {}, rel = ''): AsyncGenerator<WalkEntry> {
  let dir;
  try {
    dir = await opendir(root, { bufferSize: 64 });
  } catch (error) {
    if (rel === '') throw error;
    yield { kind: 'unreadable', path: root, relPath: `${rel}/`, reason: (error as Error).message, error };
    return;
  }
  for await (const entry of dir) {
    if (entry.name.startsWith('.')) continue;
    const path = join(root, entry.name);
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!options.skipDir?.(path)) yield* walkImageFiles(path, options, relPath);
    } else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) {
      if (isImageFileName(entry.name)) yield { kind: 'file', path, relPath, dicom: false };
      else if (mayBeDicomFileName(entry.name) && (await hasDicomSignature(path))) yield { kind: 'file', path, relPath, dicom: true };
    }
  }
}
