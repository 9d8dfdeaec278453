import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';

/**
 * The files under a folder whose name passes `wanted`, depth first and in name order (so reports
 * are stable), as paths relative to the folder with '/'. Hidden entries and symlinked folders are
 * skipped, like the image import does.
 */
export async function* walkLabelFiles(root: string, wanted: (name: string) => boolean, rel = ''): AsyncGenerator<string> {
  let dir;
  try {
    dir = await opendir(join(root, rel));
  } catch (error) {
    throw new FaultlineError('invalid_input', `The folder ${join(root, rel)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const entries: Array<{ name: string; isDir: boolean }> = [];
  for await (const entry of dir) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) entries.push({ name: entry.name, isDir: true });
    else if ((entry.isFile() || entry.isSymbolicLink()) && wanted(entry.name)) entries.push({ name: entry.name, isDir: false });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDir) yield* walkLabelFiles(root, wanted, path);
    else yield path;
  }
}
