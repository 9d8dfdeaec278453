import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const LAST_PROJECT_FILE = 'serve-last-project.json';

const LastProject = z.object({ dir: z.string().min(1), readOnly: z.boolean() }).strict();
export type LastProject = z.infer<typeof LastProject>;

/**
 * The project a server host had open when it stopped, so `serve --resume` (what `npm start` runs)
 * reopens it and a tab left open carries on in the same project instead of falling back to Start.
 * A missing or unreadable record means there is nothing to resume.
 */
export function readLastProject(userDataDir: string): LastProject | null {
  try {
    const parsed = LastProject.safeParse(JSON.parse(readFileSync(join(userDataDir, LAST_PROJECT_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Records the project now open (null: none); written whole through a rename, so a crash never leaves half a record. */
export function writeLastProject(userDataDir: string, project: LastProject | null): void {
  mkdirSync(userDataDir, { recursive: true });
  const path = join(userDataDir, LAST_PROJECT_FILE);
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(project)}\n`, { mode: 0o600 });
  renameSync(partial, path);
}
