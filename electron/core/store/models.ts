import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

/**
 * The project's target model. `setTargetModel` keeps exactly one, so the order only decides which
 * of several targets wins in a project written by an older version: the newest.
 */
export function targetModelId(db: Db): number | undefined {
  return db.prepare('SELECT id FROM models WHERE is_target = 1 ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined;
}

/** The target model's id, or a refusal that says what to do (`remedy`) when the project has none. */
export function requireTargetModelId(db: Db, remedy: string): number {
  const id = targetModelId(db);
  if (id === undefined) throw new FaultlineError('invalid_input', `The project has no target model; ${remedy}.`);
  return id;
}

/** Exactly one target at a time: the others become competitors. */
export function setTargetModel(db: Db, id: number): void {
  db.prepare('UPDATE models SET is_target = (id = ?)').run(id);
}
