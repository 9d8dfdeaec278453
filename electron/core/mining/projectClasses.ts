import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../project/openProjectDb.js';

/** Number of class slots (max id + 1): label maps index classes by id. */
export function projectClassCount(db: Db): number {
  const max = db.prepare('SELECT max(id) FROM classes').pluck().get() as number | null;
  if (max === null) throw new FaultlineError('invalid_input', 'The project has no classes yet; add a model first.');
  return max + 1;
}
