import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ContentConstraint } from '../../../shared/mining/miningParams.js';
import type { Db } from '../store/openProjectDb.js';
import { maxClassId } from '../store/classes.js';

/** Number of class slots (max id + 1): label maps index classes by id. */
export function projectClassCount(db: Db): number {
  const max = maxClassId(db);
  if (max === null) throw new FaultlineError('invalid_input', 'The project has no classes yet; add a model first.');
  return max + 1;
}

/** Refuses user bounds for a class the project does not have, before any work starts. */
export function assertConstraintClasses(constraint: ContentConstraint, numClasses: number): void {
  if (constraint.mode !== 'custom') return;
  const outside = constraint.bounds.find((b) => b.classId >= numClasses);
  if (outside) {
    throw new FaultlineError('invalid_input', `A bound names class ${outside.classId}, but the project's class ids run from 0 to ${numClasses - 1}.`);
  }
}
