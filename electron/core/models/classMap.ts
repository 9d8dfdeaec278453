import type { ClassInfo, ClassMapEntry } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ModelCardClass } from '../../../shared/models/modelCard.js';
import type { StoredClassMap } from '../store/models.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';


function key(name: string): string {
  return name.trim().toLowerCase();
}

/** Model classes map to the project class of the same name (case and surrounding spaces ignored), else to none. */
export function classMapByName(modelClasses: readonly ModelCardClass[], projectClasses: readonly ClassInfo[]): StoredClassMap {
  const byName = new Map(projectClasses.map((c) => [key(c.name), c.id]));
  const map: StoredClassMap = new Array<number | null>(modelClasses.length).fill(null);
  for (const c of modelClasses) map[c.id] = byName.get(key(c.name)) ?? null;
  return map;
}

/** Checks an edited mapping against the model's and the project's classes; model classes left out map to none. */
export function classMapFromEntries(
  entries: readonly { modelClassId: number; projectClassId: number | null }[],
  modelClasses: readonly ModelCardClass[],
  projectClasses: readonly ClassInfo[],
): StoredClassMap {
  const projectIds = new Set(projectClasses.map((c) => c.id));
  const map: StoredClassMap = new Array<number | null>(modelClasses.length).fill(null);
  const seen = new Set<number>();
  for (const { modelClassId, projectClassId } of entries) {
    if (modelClassId >= modelClasses.length) {
      throw new FaultlineError('invalid_input', `The model has no class ${modelClassId} (its classes are 0..${modelClasses.length - 1}).`);
    }
    if (seen.has(modelClassId)) throw new FaultlineError('invalid_input', `Model class ${modelClassId} is mapped twice.`);
    seen.add(modelClassId);
    if (projectClassId !== null && !projectIds.has(projectClassId)) {
      throw new FaultlineError('invalid_input', `The project has no class ${projectClassId}; set the project classes first.`);
    }
    map[modelClassId] = projectClassId;
  }
  return map;
}

/** Model class id → stored label, for the pixel loops. */
export function classMapLut(map: StoredClassMap): Uint8Array {
  return Uint8Array.from(map, (p) => (p === null ? UNLABELLED : p));
}

export function describeClassMap(map: StoredClassMap, modelClasses: readonly ModelCardClass[]): ClassMapEntry[] {
  return modelClasses.map((c) => ({ modelClassId: c.id, modelClassName: c.name, projectClassId: map[c.id] ?? null }));
}

/** Length of a class-fractions vector: one slot per project class id up to the largest. */
export function projectClassSlots(projectClasses: readonly ClassInfo[]): number {
  return projectClasses.reduce((n, c) => Math.max(n, c.id + 1), 0);
}
