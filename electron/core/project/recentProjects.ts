import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { RecentProject } from '../../../shared/contract/domain.js';

const RecentFile = z.object({ projects: z.array(RecentProject) });
const MAX_RECENT = 12;

/** The recent-projects list in the user data folder; a damaged file is treated as empty, never fatal. */
export class RecentProjects {
  private readonly path: string;

  constructor(userDataDir: string) {
    this.path = join(userDataDir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    try {
      return RecentFile.parse(JSON.parse(readFileSync(this.path, 'utf8'))).projects;
    } catch {
      return [];
    }
  }

  remember(dir: string, name: string): void {
    const rest = this.list().filter((p) => p.dir !== dir);
    this.save([{ dir, name, openedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT));
  }

  forget(dir: string): void {
    this.save(this.list().filter((p) => p.dir !== dir));
  }

  private save(projects: RecentProject[]): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ projects }, null, 2));
    renameSync(temp, this.path);
  }
}
