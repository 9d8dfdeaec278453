import { labelledImageCount } from '../store/labelledSets.js';
import { listTestSets } from '../store/testSets.js';
import type { Db } from '../store/openProjectDb.js';

/** Every set annotators work through, newest round first, with its labelling progress. */
export function labelSets(db: Db) {
  return listTestSets(db)
    .reverse()
    .map((s) => ({ id: s.id, name: s.name, kind: s.kind, roundIdx: s.roundIdx, images: s.images, labelled: labelledImageCount(db, { kind: s.kind, testSetId: s.id }) }));
}
