import type { ModelSummary } from '../../../shared/contract/domain.js';
import type { Db } from '../project/openProjectDb.js';

interface ModelRow {
  id: number;
  name: string;
  version: string;
  is_target: number;
  created_at: string;
}

export function listModels(db: Db): ModelSummary[] {
  const rows = db.prepare('SELECT id, name, version, is_target, created_at FROM models ORDER BY name, id').all() as ModelRow[];
  return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, isTarget: r.is_target === 1, createdAt: r.created_at }));
}
