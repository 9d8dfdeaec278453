import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { modelIdentities, targetModelId } from '../store/models.js';

/**
 * Defaults for a mining run: the project's target model, and every other model that is not a
 * version of the target itself (earlier target versions compete in later rounds only if asked).
 */
export function resolveMiningModels(db: Db, targetId?: number, competitorIds?: number[]): { targetId: number; competitorIds: number[] } {
  const target =
    targetId ?? targetModelId(db);
  if (target === undefined) {
    throw new FaultlineError('invalid_input', 'No target model is set: mark one as the target, or pass --target ID.');
  }
  if (competitorIds && competitorIds.length > 0) return { targetId: target, competitorIds };
  const models = modelIdentities(db);
  const name = models.find((m) => m.id === target)?.name;
  if (name === undefined) throw new FaultlineError('not_found', `There is no model ${target}.`);
  return { targetId: target, competitorIds: models.filter((m) => m.name !== name).map((m) => m.id) };
}
