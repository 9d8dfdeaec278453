import type { Db } from '../project/openProjectDb.js';

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
