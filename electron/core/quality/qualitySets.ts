import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { TRAINING_SET, labelledImageCount, listLabelledSets, type LabelledSet, type LabelledSetKind } from '../store/labelledSets.js';
import { labelledMembers, type LabelledMember } from '../store/qualityRuns.js';

export type QualitySetKind = 'train' | 'user' | 'unbiased' | 'counterexamples';

export interface QualitySetInfo {
  name: string;
  kind: QualitySetKind;
  testSetId: number | null;
  /** Images of the set (status ok). */
  images: number;
  /** Of those, the ones with a label to score (ground truth or a submitted/accepted annotation). */
  labelled: number;
}

/** The quality views group the sets by kind (T0, then every S(i), then every T(i)), each group in round order. */
const KIND_ORDER: Record<LabelledSetKind, number> = { training: 0, user: 1, counterexamples: 2, unbiased: 3 };

/** S0 is listed even while it is empty, so the views can say what to import first. */
function qualitySets(db: Db): LabelledSet[] {
  const sets = listLabelledSets(db);
  const withS0 = sets.some((s) => s.name === TRAINING_SET)
    ? sets
    : [{ name: TRAINING_SET, kind: 'training' as const, testSetId: null, roundIdx: 0, images: 0 }, ...sets];
  return withS0.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function toInfo(db: Db, set: LabelledSet): QualitySetInfo {
  return { name: set.name, kind: set.kind === 'training' ? 'train' : set.kind, testSetId: set.testSetId, images: set.images, labelled: labelledImageCount(db, set) };
}

/** Every set that can be scored, with its size and how many of its images have a label; S0 always, other sets once they hold images. */
export function listQualitySets(db: Db): QualitySetInfo[] {
  return qualitySets(db).map((set) => toInfo(db, set));
}

export type SetImage = LabelledMember;

export interface SetMembers {
  info: QualitySetInfo;
  /** Images with a label, by id. */
  labelled: SetImage[];
  /** Images of the set without a label yet. */
  unlabelled: number;
}

export function setMembers(db: Db, name: string): SetMembers {
  const sets = qualitySets(db);
  const set = sets.find((s) => s.name === name);
  if (!set) {
    const known = sets.map((s) => s.name).join(', ');
    throw new FaultlineError('not_found', `There is no labelled set named ${name}${known ? `; the sets are ${known}` : '; import a labelled training or test split first'}.`);
  }
  const labelled = labelledMembers(db, set);
  return { info: toInfo(db, set), labelled, unlabelled: set.images - labelled.length };
}
