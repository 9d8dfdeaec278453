import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isImageFileName } from './imageFormats.js';

export type WalkEntry =
  | { kind: 'file'; path: string; relPath: string }
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

/**
 * Streams the image files under a folder, depth first, one open directory handle per level, so a
 * tree of 100 000 files is never listed into memory. Hidden entries (a leading dot) are skipped,
 * symlinked files are followed, symlinked folders are not (they can loop). `relPath` uses '/'.
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
    } else if (isImageFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) {
      yield { kind: 'file', path, relPath };
    }
  }
}
