import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { listQualitySets, setMembers } from '../../../electron/core/quality/qualitySets.js';
import { labelledSetImages, listLabelledSets } from '../../../electron/core/store/labelledSets.js';
import { makeTempDir } from '../../helpers/tempDir.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
const now = new Date().toISOString();

function addImage(id: number, split: 'pool' | 'train' | 'test', status: 'ok' | 'failed' = 'ok'): void {
  project.db
    .prepare('INSERT INTO images (id, content_hash, rel_path, width, height, split, status, imported_at) VALUES (?, ?, ?, 2, 2, ?, ?, ?)')
    .run(id, `hash-${id}`, `img-${id}.png`, split, status, now);
}

function addTruth(id: number): void {
  project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'import', ?)").run(id, Buffer.alloc(1), now);
}

function addTestSet(name: string, kind: 'unbiased' | 'counterexamples', roundIdx: number, images: number[]): void {
  const { db } = project;
  const round =
    (db.prepare('SELECT id FROM rounds WHERE idx = ?').pluck().get(roundIdx) as number | undefined) ??
    Number(db.prepare('INSERT INTO rounds (idx, created_at) VALUES (?, ?)').run(roundIdx, now).lastInsertRowid);
  const id = Number(db.prepare('INSERT INTO test_sets (name, round_id, kind, created_at) VALUES (?, ?, ?, ?)').run(name, round, kind, now).lastInsertRowid);
  for (const image of images) db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)').run(id, image);
}

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'p'), 'p');
  addImage(1, 'train');
  addTruth(1);
  addImage(2, 'train', 'failed');
  addTruth(2);
  addImage(3, 'test');
  addTruth(3);
  for (const id of [4, 6, 7, 8]) addImage(id, 'pool');
  addImage(5, 'pool', 'failed');
  addTruth(4);
  const author = Number(project.db.prepare("INSERT INTO people (uid, name, created_at) VALUES ('u', 'Ada', ?)").run(now).lastInsertRowid);
  project.db
    .prepare("INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, created_at) VALUES ('a', 6, ?, 1, 'submitted', 'editor', ?, 2, 2, ?)")
    .run(author, Buffer.alloc(1), now);
  addTestSet('T1', 'unbiased', 1, [4, 5]);
  addTestSet('S1', 'counterexamples', 1, [6]);
  addTestSet('T2', 'unbiased', 2, [7]);
  addTestSet('S2', 'counterexamples', 2, [8]);
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('labelled sets, as errors and label quality read them', () => {
  it('hold the same imported images for both, a failed image in none', () => {
    const sets = listLabelledSets(project.db);
    expect(sets.map((s) => [s.name, s.images])).toEqual([
      ['S0', 1],
      ['T0', 1],
      ['T1', 1],
      ['S1', 1],
      ['T2', 1],
      ['S2', 1],
    ]);
    expect(labelledSetImages(project.db, sets.find((s) => s.name === 'T1')!)).toEqual([4]);
    const imagesOf = new Map(sets.map((s) => [s.name, s.images]));
    for (const set of listQualitySets(project.db)) expect(set.images).toBe(imagesOf.get(set.name));
  });

  it('are shown by label quality grouped by kind, S0 even when empty, with how many images have a reference mask', () => {
    expect(listQualitySets(project.db)).toEqual([
      { name: 'S0', kind: 'train', testSetId: null, images: 1, labelled: 1 },
      { name: 'T0', kind: 'user', testSetId: null, images: 1, labelled: 1 },
      { name: 'S1', kind: 'counterexamples', testSetId: expect.any(Number), images: 1, labelled: 1 },
      { name: 'S2', kind: 'counterexamples', testSetId: expect.any(Number), images: 1, labelled: 0 },
      { name: 'T1', kind: 'unbiased', testSetId: expect.any(Number), images: 1, labelled: 1 },
      { name: 'T2', kind: 'unbiased', testSetId: expect.any(Number), images: 1, labelled: 0 },
    ]);
    expect(setMembers(project.db, 'S1').labelled).toEqual([{ imageId: 6, relPath: 'img-6.png', width: 2, height: 2, labelRef: 'annotation:1' }]);
    expect(setMembers(project.db, 'T2')).toMatchObject({ labelled: [], unlabelled: 1 });

    project.db.prepare('DELETE FROM ground_truth WHERE image_id IN (1, 2)').run();
    expect(listQualitySets(project.db)[0]).toEqual({ name: 'S0', kind: 'train', testSetId: null, images: 0, labelled: 0 });
    expect(listLabelledSets(project.db)[0]!.name).toBe('T0');
  });
});
