import type { Db } from './openProjectDb.js';

export const USER_TEST_SET = 'T0';

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
