import { FaultlineError } from '../../../shared/contract/errors.js';
import { hasReferenceMaskSql } from './referenceMasks.js';
import { USER_TEST_SET, listTestSets, testSetIdNamed } from './testSets.js';
import type { Db } from './openProjectDb.js';

export const TRAINING_SET = 'S0';

export type LabelledSetKind = 'training' | 'user' | 'unbiased' | 'counterexamples';

/** A labelled set: S0 (the labelled training split), T0, and each round's T(i) and S(i). */
export interface LabelledSet {
  name: string;
  kind: LabelledSetKind;
  testSetId: number | null;
  /** Round of a T(i) or S(i); 0 for S0 and T0. */
  roundIdx: number;
  images: number;
}

/** An image of the labelled train or test split: imported (status ok) with ground truth. */
const splitCondition = (split: 'train' | 'test') => `i.split = '${split}' AND i.status = 'ok' AND EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id)`;

/**
 * The images a set holds, as SQL over `images i` with its parameters: imported images (status
 * ok) of the labelled train or test split (S0, and T0 before anything has created its row), or
 * of a stored test set.
 */
export function labelledSetMembersSql(set: Pick<LabelledSet, 'kind' | 'testSetId'>): { sql: string; params: unknown[] } {
  if (set.testSetId !== null) {
    return { sql: "SELECT i.id FROM images i JOIN test_set_images x ON x.image_id = i.id WHERE x.test_set_id = ? AND i.status = 'ok'", params: [set.testSetId] };
  }
  return { sql: `SELECT i.id FROM images i WHERE ${splitCondition(set.kind === 'training' ? 'train' : 'test')}`, params: [] };
}

const count = (db: Db, set: Pick<LabelledSet, 'kind' | 'testSetId'>): number => {
  const { sql, params } = labelledSetMembersSql(set);
  return db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(...params) as number;
};

/**
 * Every labelled set with at least one image, S0 first, then in round order. T0 is listed from
 * the labelled test split even before anything has created its row (listing never writes).
 */
export function listLabelledSets(db: Db): LabelledSet[] {
  const s0 = count(db, { kind: 'training', testSetId: null });
  const sets: LabelledSet[] = s0 > 0 ? [{ name: TRAINING_SET, kind: 'training', testSetId: null, roundIdx: 0, images: s0 }] : [];
  const tests = listTestSets(db);
  const t0 = tests.some((t) => t.name === USER_TEST_SET) ? 0 : count(db, { kind: 'user', testSetId: null });
  if (t0 > 0) sets.push({ name: USER_TEST_SET, kind: 'user', testSetId: null, roundIdx: 0, images: t0 });
  for (const t of tests) {
    const images = count(db, { kind: t.kind, testSetId: t.id });
    if (images > 0) sets.push({ name: t.name, kind: t.kind, testSetId: t.id, roundIdx: t.roundIdx ?? 0, images });
  }
  return sets;
}

export function labelledSetImages(db: Db, set: Pick<LabelledSet, 'kind' | 'testSetId'>): number[] {
  const { sql, params } = labelledSetMembersSql(set);
  return db.prepare(`${sql} ORDER BY i.id`).pluck().all(...params) as number[];
}

/**
 * How many of a set's images have a reference mask (a label to score or compare against). Only
 * imported images (status ok) count, as everywhere a set's members are read.
 */
export function labelledImageCount(db: Db, set: Pick<LabelledSet, 'kind' | 'testSetId'>): number {
  const { sql, params } = labelledSetMembersSql(set);
  return db.prepare(`SELECT count(*) FROM (${sql}) m JOIN images i ON i.id = m.id WHERE ${hasReferenceMaskSql('i')}`).pluck().get(...params) as number;
}

/** T0 follows the project's labelled test split: created on first use and kept in step with new imports. */
export function syncUserTestSet(db: Db): number | null {
  const images = labelledSetImages(db, { kind: 'user', testSetId: null });
  const existing = testSetIdNamed(db, USER_TEST_SET, 'user');
  if (images.length === 0 && existing === undefined) return null;
  return db.transaction(() => {
    const id =
      existing ??
      Number(db.prepare("INSERT INTO test_sets (name, kind, created_at) VALUES (?, 'user', ?)").run(USER_TEST_SET, new Date().toISOString()).lastInsertRowid);
    const insert = db.prepare('INSERT OR IGNORE INTO test_set_images (test_set_id, image_id) VALUES (?, ?)');
    for (const imageId of images) insert.run(id, imageId);
    return id;
  })();
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

/** S0's ground-truth masks with the size of their images, one at a time in image order. */
export function trainingSetMasks(db: Db): IterableIterator<{ imageId: number; mask: Buffer; width: number; height: number }> {
  return db
    .prepare(
      `SELECT g.image_id AS imageId, g.mask, i.width, i.height FROM ground_truth g JOIN images i ON i.id = g.image_id
       WHERE ${splitCondition('train')} AND i.width IS NOT NULL AND i.height IS NOT NULL ORDER BY g.image_id`,
    )
    .iterate() as IterableIterator<{ imageId: number; mask: Buffer; width: number; height: number }>;
}
