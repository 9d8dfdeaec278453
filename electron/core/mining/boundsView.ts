import type { ContentConstraint } from '../../../shared/mining/miningParams.js';
import type { Db } from '../store/openProjectDb.js';
import { targetModelId } from '../store/models.js';
import { assertConstraintClasses, projectClassCount } from './projectClasses.js';
import { poolAreaStatisticsOf, typicalAreas } from './typicalAreas.js';
import { ClassAreaAccumulator } from '../../../shared/mining/contentConstraint.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * What a constraint means on this project, class by class, for the Mining view to show and edit:
 * from S0, or (no S0 yet) from the target's predictions over the pool, which `source` says.
 */
export function boundsView(db: Db, constraint: ContentConstraint, options: { targetId?: number | undefined; ignoreIndex?: number } = {}) {
  const numClasses = projectClassCount(db);
  assertConstraintClasses(constraint, numClasses);
  const targetId = options.targetId ?? targetModelId(db);
  const typical = typicalAreas(db, {
    constraint,
    numClasses,
    ignoreIndex: options.ignoreIndex ?? UNLABELLED,
    poolAreas: () => (targetId === undefined ? new ClassAreaAccumulator(numClasses) : poolAreaStatisticsOf(db, targetId, numClasses)),
  });
  const { bounds } = typical;
  return {
    measure: bounds.measure,
    source: typical.source,
    s0Masks: typical.s0Masks,
    classes: Array.from({ length: numClasses }, (_, classId) => ({
      classId,
      lower: finiteOrNull(bounds.lower[classId]!),
      upper: finiteOrNull(bounds.upper[classId]!),
      support: bounds.support[classId]!,
    })),
  };
}
