import type { ProjectInfo, ProjectStats } from '../../../shared/contract/domain.js';
import type { Db, ProjectDb } from '../project/openProjectDb.js';

export function describeProject(project: ProjectDb): ProjectInfo {
  const rows = project.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  return {
    dir: project.dir,
    name: meta.get('name') ?? project.dir,
    schemaVersion: project.schemaVersion,
    readOnly: project.readOnly,
    createdAt: meta.get('created_at') ?? '',
    isDemo: meta.get('is_demo') === '1',
  };
}

export function projectStats(db: Db): ProjectStats {
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  return {
    images: count("SELECT count(*) AS n FROM images WHERE status = 'ok'"),
    imagesFailed: count("SELECT count(*) AS n FROM images WHERE status = 'failed'") + count("SELECT count(*) AS n FROM import_failures WHERE kind = 'image'"),
    labelledImages: count('SELECT count(*) AS n FROM ground_truth'),
    models: count('SELECT count(*) AS n FROM models'),
    classes: count('SELECT count(*) AS n FROM classes'),
    rounds: count('SELECT count(*) AS n FROM rounds'),
    ratings: count('SELECT count(*) AS n FROM ratings'),
    annotations: count("SELECT count(*) AS n FROM annotations WHERE status <> 'draft'"),
    people: count('SELECT count(*) AS n FROM people'),
  };
}
