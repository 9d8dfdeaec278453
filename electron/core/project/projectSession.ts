import { existsSync, readdirSync, statSync } from 'node:fs';
import type { ProjectInfo, ProjectStats } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { EventBus } from '../events/eventBus.js';
import { createProjectDb, openProjectDb, type ProjectDb } from '../store/openProjectDb.js';
import { hasProjectDb } from '../store/projectFiles.js';
import { projectStats } from '../store/projectStats.js';
import { describeProject } from './projectInfo.js';
import type { RecentProjects } from './recentProjects.js';


/** The one open project of a core instance; every project-scoped service goes through `require()`. */
export class ProjectSession {
  private project: ProjectDb | null = null;
  private info: ProjectInfo | null = null;

  constructor(
    private readonly recent: RecentProjects,
    private readonly bus: EventBus,
  ) {}

  current(): ProjectInfo | null {
    return this.info;
  }

  require(): ProjectDb {
    if (!this.project) throw new FaultlineError('no_project', 'No project is open. Create or open a project first.');
    return this.project;
  }

  requireWritable(): ProjectDb {
    const project = this.require();
    if (project.readOnly) {
      throw new FaultlineError('read_only', 'This project is open read-only. Reopen it with write access to change it.');
    }
    return project;
  }

  /**
   * A project folder starts empty: one made in a folder of other files would serve every one of
   * them to the renderer and mix them with its own. Hidden entries (.DS_Store, .git) are allowed.
   */
  create(dir: string, name?: string): ProjectInfo {
    const others = existsSync(dir) && statSync(dir).isDirectory() && !hasProjectDb(dir) ? readdirSync(dir).filter((entry) => !entry.startsWith('.')) : [];
    if (others.length > 0) {
      const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
      throw new FaultlineError(
        'invalid_input',
        `${dir} already holds files (${shown}). Create a project in a new or empty folder, then import your images into it from where they are.`,
      );
    }
    const project = createProjectDb(dir, name ?? '');
    return this.adopt(project);
  }

  open(dir: string, readOnly = false): ProjectInfo {
    if (this.project && this.project.dir === dir && this.project.readOnly === readOnly) return this.info!;
    const project = openProjectDb(dir, { readOnly });
    return this.adopt(project);
  }

  close(): void {
    if (!this.project) return;
    this.project.close();
    this.project = null;
    this.info = null;
    this.bus.emit('project.changed', { project: null });
  }

  stats(): ProjectStats {
    return projectStats(this.require().db);
  }

  private adopt(project: ProjectDb): ProjectInfo {
    const previous = this.project;
    this.project = project;
    this.info = describeProject(project);
    if (previous && previous !== project) previous.close();
    this.recent.remember(project.dir, this.info.name);
    this.bus.emit('project.changed', { project: this.info });
    return this.info;
  }
}
