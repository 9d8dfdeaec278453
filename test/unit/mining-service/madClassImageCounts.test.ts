import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MadReason } from '../../../shared/mining/candidateSet.js';
import { madClassImageCounts, saveCandidateSet } from '../../../electron/core/store/candidateSets.js';
import { migrations } from '../../../electron/core/store/migrations/index.js';
import { migration0017 } from '../../../electron/core/store/migrations/0017_scale_queries.js';
import { createProjectDb, openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { insertMiningRound } from '../../../electron/core/store/rounds.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedClasses, seedImage, seedModel } from '../../helpers/seedPredictions.js';

describe('class counts of a candidate set', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let project: ProjectDb;
  beforeEach(() => {
    temp = makeTempDir();
    project = createProjectDb(temp.dir, 'p');
  });
  afterEach(() => {
    project.close();
    temp.cleanup();
  });

  it('counts each image once per class it was picked for, whatever the pair or defender', () => {
    const { db } = project;
    seedClasses(db, ['background', 'road', 'car']);
    const target = seedModel(db, 't', true);
    const rival = seedModel(db, 'r');
    const ids = [1, 2, 3].map((i) => seedImage(db, { hash: `h${i}`, split: 'pool', width: 2, height: 2 }));
    const reason = (imageId: number, classId: number, defenderModelId: number): MadReason => ({
      strategy: 'mad',
      targetModelId: target,
      competitorModelId: rival,
      defenderModelId,
      classId,
      rank: 1,
      d: 0.5,
      imageId,
    });
    const candidates = [
      { imageId: ids[0]!, rank: 1, imageIds: [ids[0]!], contentHash: 'h1', reasons: [reason(ids[0]!, 1, target), reason(ids[0]!, 1, rival), reason(ids[0]!, 2, target)] },
      { imageId: ids[1]!, rank: 2, imageIds: [ids[1]!], contentHash: 'h2', reasons: [reason(ids[1]!, 2, rival)] },
      { imageId: ids[2]!, rank: 3, imageIds: [ids[2]!], contentHash: 'h3', reasons: [reason(ids[2]!, 2, target)] },
    ];
    const setId = saveCandidateSet(db, insertMiningRound(db, target), { strategy: 'mad', candidates }, { targetId: target, competitorIds: [rival] });
    expect(madClassImageCounts(db, setId)).toEqual([
      { classId: 1, images: 1 },
      { classId: 2, images: 3 },
    ]);
  });

  it('counts the sets a project had before the counts were kept, when it is opened', () => {
    const older = makeTempDir();
    try {
      const before = createProjectDb(older.dir, 'p', { migrations: migrations.slice(0, migrations.indexOf(migration0017)) });
      const { db } = before;
      seedClasses(db, ['background', 'road', 'car']);
      const target = seedModel(db, 't', true);
      const ids = [1, 2].map((i) => seedImage(db, { hash: `h${i}`, split: 'pool', width: 2, height: 2 }));
      const roundId = insertMiningRound(db, target);
      const setId = Number(db.prepare("INSERT INTO candidate_sets (round_id, strategy, params, created_at) VALUES (?, 'mad', '{}', '2026-01-01T00:00:00Z')").run(roundId).lastInsertRowid);
      const reasons = (classIds: number[]): string => JSON.stringify({ imageIds: [], reasons: classIds.map((classId) => ({ strategy: 'mad', classId })) });
      db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)').run(setId, ids[0], 1, reasons([2, 1]));
      db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)').run(setId, ids[1], 2, reasons([2]));
      before.close();
      const after = openProjectDb(older.dir);
      try {
        expect(madClassImageCounts(after.db, setId)).toEqual([
          { classId: 1, images: 1 },
          { classId: 2, images: 2 },
        ]);
      } finally {
        after.close();
      }
    } finally {
      older.cleanup();
    }
  });
});
