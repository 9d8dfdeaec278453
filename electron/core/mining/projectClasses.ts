import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { maxClassId } from '../store/classes.js';

/** Number of class slots (max id + 1): label maps index classes by id. */
export function projectClassCount(db: Db): number {
  const max = maxClassId(db);
  if (max === null) throw new FaultlineError('invalid_input', 'The project has no classes yet; add a model first.');
  return max + 1;
}
