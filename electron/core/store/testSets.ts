import { hasReferenceMaskSql } from './referenceMasks.js';
import type { Db } from './openProjectDb.js';

export const USER_TEST_SET = 'T0';

/** T0 follows the project's labelled test split: created on first use and kept in step with new imports. */
export function syncUserTestSet(db: Db): number | null {
  const images = db
    .prepare("SELECT i.id FROM images i JOIN ground_truth g ON g.image_id = i.id WHERE i.split = 'test' AND i.status = 'ok' ORDER BY i.id")
    .pluck()
    .all() as number[];
  const existing = db.prepare("SELECT id FROM test_sets WHERE name = ? AND kind = 'user'").pluck().get(USER_TEST_SET) as number | undefined;
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

export interface TestSetRow {
  id: number;
  name: string;
  kind: 'user' | 'unbiased' | 'counterexamples';
  roundId: number | null;
  roundIdx: number | null;
  images: number;
}

export function listTestSets(db: Db): TestSetRow[] {
  return (
    db
      .prepare(
        `SELECT t.id, t.name, t.kind, t.round_id, r.idx, (SELECT count(*) FROM test_set_images x WHERE x.test_set_id = t.id) AS images
         FROM test_sets t LEFT JOIN rounds r ON r.id = t.round_id ORDER BY coalesce(r.idx, 0), t.id`,
      )
      .all() as Array<{ id: number; name: string; kind: TestSetRow['kind']; round_id: number | null; idx: number | null; images: number }>
  ).map((r) => ({ id: r.id, name: r.name, kind: r.kind, roundId: r.round_id, roundIdx: r.idx, images: r.images }));
}

export type TestSetKind = TestSetRow['kind'];

/** Every image in a test set of these kinds. */
export function imagesInTestSets(db: Db, kinds: readonly TestSetKind[]): number[] {
  return db
    .prepare(`SELECT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind IN (${kinds.map(() => '?').join(', ')})`)
    .pluck()
    .all(...kinds) as number[];
}

export function testSetImageIds(db: Db, testSetId: number): number[] {
  return db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ? ORDER BY image_id').pluck().all(testSetId) as number[];
}

export function testSetIdNamed(db: Db, name: string, kind: TestSetKind): number | undefined {
  return db.prepare('SELECT id FROM test_sets WHERE name = ? AND kind = ?').pluck().get(name, kind) as number | undefined;
}

export function deleteTestSet(db: Db, testSetId: number): void {
  db.prepare('DELETE FROM test_sets WHERE id = ?').run(testSetId);
}

export function deleteTestSetsNamed(db: Db, name: string, kind: TestSetKind): void {
  db.prepare('DELETE FROM test_sets WHERE name = ? AND kind = ?').run(name, kind);
}

/** Stores a round's set with its images; the caller's transaction keeps the two together. */
export function insertTestSet(db: Db, set: { name: string; roundId: number; kind: TestSetKind; imageIds: readonly number[] }): number {
  const testSetId = Number(
    db.prepare('INSERT INTO test_sets (name, round_id, kind, created_at) VALUES (?, ?, ?, ?)').run(set.name, set.roundId, set.kind, new Date().toISOString()).lastInsertRowid,
  );
  const insert = db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)');
  for (const imageId of set.imageIds) insert.run(testSetId, imageId);
  return testSetId;
}

/** Images of a round's sets of one kind. */
export function roundTestSetSize(db: Db, roundId: number, kind: TestSetKind): number {
  return db.prepare('SELECT count(*) FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.round_id = ? AND t.kind = ?').pluck().get(roundId, kind) as number;
}

/** Counter of a set's images that have a reference mask, prepared once for a loop over sets. */
export function labelledImageCounter(db: Db): (testSetId: number) => number {
  const count = db
    .prepare(`SELECT count(*) FROM test_set_images x JOIN images i ON i.id = x.image_id WHERE x.test_set_id = ? AND ${hasReferenceMaskSql('i')}`)
    .pluck();
  return (testSetId) => count.get(testSetId) as number;
}
