import { FaultlineError } from '../../../shared/contract/errors.js';
import { USER_TEST_SET } from '../store/testSets.js';
import type { Db } from '../project/openProjectDb.js';
import { LABEL_REF_SQL } from './qualityLabels.js';

export const TRAINING_SET = 'S0';

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

/** Image ids of a set, as SQL over `images i`: S0, T0 before its first use, or a stored test set. */
function membersSql(kind: 'train' | 'test-split' | 'stored'): string {
  switch (kind) {
    case 'train':
      return "SELECT i.id, i.rel_path, i.width, i.height FROM images i WHERE i.split = 'train' AND i.status = 'ok' AND EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id)";
    case 'test-split':
      return "SELECT i.id, i.rel_path, i.width, i.height FROM images i WHERE i.split = 'test' AND i.status = 'ok' AND EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id)";
    case 'stored':
      return "SELECT i.id, i.rel_path, i.width, i.height FROM images i JOIN test_set_images x ON x.image_id = i.id WHERE x.test_set_id = @testSetId AND i.status = 'ok'";
  }
}

interface SetSource {
  name: string;
  kind: QualitySetKind;
  testSetId: number | null;
  sql: string;
}

function setSources(db: Db): SetSource[] {
  const stored = db
    .prepare(
      `SELECT t.id, t.name, t.kind FROM test_sets t LEFT JOIN rounds r ON r.id = t.round_id
       ORDER BY CASE t.kind WHEN 'user' THEN 0 WHEN 'counterexamples' THEN 1 ELSE 2 END, coalesce(r.idx, 0), t.id`,
    )
    .all() as Array<{ id: number; name: string; kind: QualitySetKind }>;
  const sources: SetSource[] = [{ name: TRAINING_SET, kind: 'train', testSetId: null, sql: membersSql('train') }];
  // T0 follows the labelled test split and is created on first evaluation; until then it is read from the split.
  if (!stored.some((s) => s.name === USER_TEST_SET)) sources.push({ name: USER_TEST_SET, kind: 'user', testSetId: null, sql: membersSql('test-split') });
  for (const s of stored) sources.push({ name: s.name, kind: s.kind, testSetId: s.id, sql: membersSql('stored') });
  return sources;
}

/** Every set that can be scored, with its size and how many of its images have a label; S0 always, other sets once they hold images. */
export function listQualitySets(db: Db): QualitySetInfo[] {
  return setSources(db).flatMap((source) => {
    const { images, labelled } = db
      .prepare(`SELECT count(*) AS images, coalesce(sum(${LABEL_REF_SQL} IS NOT NULL), 0) AS labelled FROM (${source.sql}) m JOIN images i ON i.id = m.id`)
      .get({ testSetId: source.testSetId }) as { images: number; labelled: number };
    return images === 0 && source.kind !== 'train' ? [] : [{ name: source.name, kind: source.kind, testSetId: source.testSetId, images, labelled }];
  });
}

export interface SetImage {
  imageId: number;
  relPath: string;
  width: number;
  height: number;
  /** The label scored, fixed when the run starts. */
  labelRef: string;
}

export interface SetMembers {
  info: QualitySetInfo;
  /** Images with a label, by id. */
  labelled: SetImage[];
  /** Images of the set without a label yet. */
  unlabelled: number;
}

export function setMembers(db: Db, name: string): SetMembers {
  const sets = listQualitySets(db);
  const info = sets.find((s) => s.name === name);
  if (!info) {
    const known = sets.map((s) => s.name).join(', ');
    throw new FaultlineError('not_found', `There is no labelled set named ${name}${known ? `; the sets are ${known}` : '; import a labelled training or test split first'}.`);
  }
  const source = setSources(db).find((s) => s.name === name)!;
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT m.id, m.rel_path, m.width, m.height, ${LABEL_REF_SQL} AS label_ref FROM (${source.sql}) m JOIN images i ON i.id = m.id)
       WHERE label_ref IS NOT NULL AND width IS NOT NULL AND height IS NOT NULL ORDER BY id`,
    )
    .all({ testSetId: source.testSetId }) as Array<{ id: number; rel_path: string; width: number; height: number; label_ref: string }>;
  return {
    info,
    labelled: rows.map((r) => ({ imageId: r.id, relPath: r.rel_path, width: r.width, height: r.height, labelRef: r.label_ref })),
    unlabelled: info.images - rows.length,
  };
}
