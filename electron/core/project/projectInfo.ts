import type { ProjectInfo } from '../../../shared/contract/domain.js';
import type { ProjectDb } from '../store/openProjectDb.js';
import { projectMeta } from '../store/projectStats.js';


export function describeProject(project: ProjectDb): ProjectInfo {
  const meta = projectMeta(project.db);
  return {
    dir: project.dir,
    name: meta.get('name') ?? project.dir,
    schemaVersion: project.schemaVersion,
    readOnly: project.readOnly,
    createdAt: meta.get('created_at') ?? '',
    isDemo: meta.get('is_demo') === '1',
  };
}
