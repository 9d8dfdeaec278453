import { FaultlineError } from '../../../shared/contract/errors.js';
import { USER_TEST_SET, listTestSets } from './testSets.js';
import type { Db } from '../project/openProjectDb.js';

export const TRAINING_SET = 'S0';

export type LabelledSetKind = 'training' | 'user' | 'unbiased' | 'counterexamples';

/** A set errors can be classified on: S0 (the labelled training split), T0, and each round's T(i) and S(i). */
export interface LabelledSet {
  name: string;
  kind: LabelledSetKind;
  testSetId: number | null;
  /** Round of a T(i) or S(i); 0 for S0 and T0. */
  roundIdx: number;
  images: number;
}

const splitImages = (split: 'train' | 'test') =>
  `SELECT i.id FROM images i JOIN ground_truth g ON g.image_id = i.id WHERE i.split = '${split}' AND i.status = 'ok' ORDER BY i.id`;

const count = (db: Db, split: 'train' | 'test') => db.prepare(`SELECT count(*) FROM (${splitImages(split)})`).pluck().get() as number;

/**
 * Every labelled set with at least one image, S0 first, then in round order. T0 is listed from
 * the labelled test split even before anything has created its row (listing never writes).
 */
export function listLabelledSets(db: Db): LabelledSet[] {
  const s0 = count(db, 'train');
  const sets: LabelledSet[] = s0 > 0 ? [{ name: TRAINING_SET, kind: 'training', testSetId: null, roundIdx: 0, images: s0 }] : [];
  const tests = listTestSets(db);
  const t0 = tests.some((t) => t.name === USER_TEST_SET) ? 0 : count(db, 'test');
  if (t0 > 0) sets.push({ name: USER_TEST_SET, kind: 'user', testSetId: null, roundIdx: 0, images: t0 });
  for (const t of tests) {
    if (t.images > 0) sets.push({ name: t.name, kind: t.kind, testSetId: t.id, roundIdx: t.roundIdx ?? 0, images: t.images });
  }
  return sets;
}

export function labelledSetImages(db: Db, set: LabelledSet): number[] {
  if (set.testSetId === null) return db.prepare(splitImages(set.kind === 'training' ? 'train' : 'test')).pluck().all() as number[];
  return db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ? ORDER BY image_id').pluck().all(set.testSetId) as number[];
}

/** The sets named (all when none are), refusing a name that is not a labelled set. */
export function pickLabelledSets(db: Db, names: readonly string[] | undefined): LabelledSet[] {
  const sets = listLabelledSets(db);
  if (!names || names.length === 0) return sets;
  return names.map((name) => {
    const set = sets.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
    if (!set) {
      const known = sets.map((s) => s.name).join(', ') || 'none yet';
      throw new FaultlineError('invalid_input', `There is no labelled set named "${name}" (the labelled sets are: ${known}).`);
    }
    return set;
  });
}
