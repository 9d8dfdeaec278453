import { contentBounds } from '../../../shared/mining/contentConstraint.js';
import type { ContentConstraint } from '../../../shared/mining/miningParams.js';
import type { Db } from '../store/openProjectDb.js';
import { assertConstraintClasses, projectClassCount } from './projectClasses.js';
import { s0Statistics } from './s0Statistics.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** What a constraint means on this project, class by class, for the Mining view to show and edit. */
export function boundsView(db: Db, constraint: ContentConstraint, ignoreIndex = UNLABELLED) {
  const numClasses = projectClassCount(db);
  assertConstraintClasses(constraint, numClasses);
  const needsS0 = constraint.mode === 'quartile' || constraint.mode === 'sigma';
  const s0 = needsS0 ? s0Statistics(db, numClasses, ignoreIndex) : null;
  if (s0 && s0.masks === 0) {
    return { measure: 'fraction' as const, s0Masks: 0, classes: [] };
  }
  const bounds = contentBounds(constraint, numClasses, s0?.stats);
  return {
    measure: bounds.measure,
    s0Masks: s0?.masks ?? 0,
    classes: Array.from({ length: numClasses }, (_, classId) => ({
      classId,
      lower: finiteOrNull(bounds.lower[classId]!),
      upper: finiteOrNull(bounds.upper[classId]!),
      support: bounds.support[classId]!,
    })),
  };
}
