import { listTestSets } from '../store/testSets.js';
import type { Db } from '../project/openProjectDb.js';

/** Every set annotators work through, newest round first, with its labelling progress. */
export function labelSets(db: Db) {
  const labelled = db.prepare(
    `SELECT count(*) FROM test_set_images x WHERE x.test_set_id = ? AND (
       EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = x.image_id)
       OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = x.image_id AND a.status IN ('submitted', 'accepted')))`,
  );
  return listTestSets(db)
    .reverse()
    .map((s) => ({ id: s.id, name: s.name, kind: s.kind, roundIdx: s.roundIdx, images: s.images, labelled: labelled.pluck().get(s.id) as number }));
}
