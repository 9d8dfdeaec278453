import { labelledImageCounter, listTestSets } from '../store/testSets.js';
import type { Db } from '../store/openProjectDb.js';

/** Every set annotators work through, newest round first, with its labelling progress. */
export function labelSets(db: Db) {
  const labelled = labelledImageCounter(db);
  return listTestSets(db)
    .reverse()
    .map((s) => ({ id: s.id, name: s.name, kind: s.kind, roundIdx: s.roundIdx, images: s.images, labelled: labelled(s.id) }));
}
