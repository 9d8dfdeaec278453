import { resolve } from 'node:path';
import { openProjectDb, type ProjectDb } from '../core/project/openProjectDb.js';

/** Opens a project for one CLI command and always closes it, so the lock never outlives the command. */
export async function withProject<T>(folder: string, options: { readOnly?: boolean }, work: (project: ProjectDb) => Promise<T> | T): Promise<T> {
  const project = openProjectDb(resolve(folder), { readOnly: options.readOnly ?? false });
  try {
    return await work(project);
  } finally {
    project.close();
  }
}
