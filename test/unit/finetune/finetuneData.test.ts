import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { exportImageIds, finetuneImages } from '../../../electron/core/store/finetuneData.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { insertSeedRows } from '../../helpers/seedProject.js';

describe('finetuneImages: S0 as the labelled sets define it, S(i) by the reference-mask rule', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let project: ProjectDb;
  let ids: Record<string, number>;

  beforeEach(() => {
    temp = makeTempDir();
    project = createProjectDb(temp.dir, 'finetune-data');
    const truth = new Uint8Array(4);
    const names = ['s0', 'bothTrainAndS', 'poolSubmitted', 'poolNoReference', 'trainNoTruth', 'test'] as const;
    const split = { s0: 'train', bothTrainAndS: 'train', poolSubmitted: 'pool', poolNoReference: 'pool', trainNoTruth: 'train', test: 'test' } as const;
    const withTruth = new Set(['s0', 'bothTrainAndS', 'test']);
    const rows = insertSeedRows(temp.dir, {
      people: ['annotator'],
      images: names.map((n) => ({ relPath: `${n}.png`, width: 2, height: 2, split: split[n], ...(withTruth.has(n) ? { groundTruth: truth } : {}) })),
    });
    ids = Object.fromEntries(names.map((n, i) => [n, rows[i]!]));
    const { db } = project;
    const now = new Date().toISOString();
    const set = Number(db.prepare("INSERT INTO test_sets (name, kind, created_at) VALUES ('S1', 'counterexamples', ?)").run(now).lastInsertRowid);
    for (const n of ['bothTrainAndS', 'poolSubmitted', 'poolNoReference']) db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)').run(set, ids[n]);
    const author = db.prepare('SELECT id FROM people').pluck().get() as number;
    db.prepare("INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, created_at) VALUES ('a1', ?, ?, 1, 'submitted', 'scratch', ?, 2, 2, ?)").run(
      ids.poolSubmitted,
      author,
      Buffer.alloc(1),
      now,
    );
  });

  afterEach(() => {
    project.close();
    temp.cleanup();
  });

  it('keeps an image in both S0 and S(i) in S(i) only, and takes S(i) images with any reference mask', () => {
    expect(finetuneImages(project.db)).toEqual({ old: [ids.s0], new: [ids.bothTrainAndS, ids.poolSubmitted] });
  });

  it('exports as training data exactly what a fine-tune learns from, in image order', () => {
    expect(exportImageIds(project.db).train).toEqual([ids.s0, ids.bothTrainAndS, ids.poolSubmitted].sort((a, b) => a! - b!));
  });
});
