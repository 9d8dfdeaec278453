/**
 * A fine-tuned version that scores lower on T0 than the version it was trained from is a
 * regression the user must see before promoting it: T0 is the user's own fixed test split, the
 * one set on which every version is compared on the same images.
 */

export interface ModelLineage {
  id: number;
  parentId: number | null;
}

export interface VersionRegression {
  modelId: number;
  parentId: number;
  miou: number;
  parentMiou: number;
}

/** Every model whose T0 mIoU is below its parent's; models or parents without a T0 score are not judged. */
export function versionRegressions(models: readonly ModelLineage[], t0Miou: ReadonlyMap<number, number>): VersionRegression[] {
  const out: VersionRegression[] = [];
  for (const m of models) {
    if (m.parentId === null) continue;
    const miou = t0Miou.get(m.id);
    const parentMiou = t0Miou.get(m.parentId);
    if (miou === undefined || parentMiou === undefined) continue;
    if (miou < parentMiou) out.push({ modelId: m.id, parentId: m.parentId, miou, parentMiou });
  }
  return out;
}
