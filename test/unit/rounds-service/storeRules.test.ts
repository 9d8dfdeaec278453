import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods } from '../../../shared/contract/methods.js';
import type { CandidateReason } from '../../../shared/mining/candidateSet.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { candidateReasons, listCandidateSets, madReasonsReader, readCandidates, saveCandidateSet } from '../../../electron/core/store/candidateSets.js';
import { ratingQueueRows } from '../../../electron/core/store/ratings.js';
import { currentRoundRatingSet, insertMiningRound, listRounds, roundParams, setRoundRatingSet, updateRoundState } from '../../../electron/core/store/rounds.js';
import { labelledImageCount, syncUserTestSet } from '../../../electron/core/store/labelledSets.js';
import { insertTestSet, testSetImageIds } from '../../../electron/core/store/testSets.js';
import { makeTempDir } from '../../helpers/tempDir.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let modelId: number;

const now = new Date().toISOString();

function addImage(id: number): void {
  project.db
    .prepare("INSERT INTO images (id, content_hash, rel_path, width, height, split, imported_at) VALUES (?, ?, ?, 2, 2, 'pool', ?)")
    .run(id, `hash-${id}`, `img-${id}.png`, now);
}

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'p'), 'p');
  modelId = Number(
    project.db
      .prepare("INSERT INTO models (name, version, onnx_path, onnx_hash, card, created_at) VALUES ('m', '1', 'm.onnx', 'h', '{}', ?)")
      .run(now).lastInsertRowid,
  );
  for (const id of [1, 2, 3, 4, 5, 6]) addImage(id);
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('round parameters (rounds.params)', () => {
  it('are read the same way by the round, the rating view, the set list and the cost table', () => {
    const { db } = project;
    const roundId = insertMiningRound(db, modelId);
    db.prepare('UPDATE rounds SET params = ? WHERE id = ?').run(JSON.stringify({ note: 'kept' }), roundId);
    const setId = saveCandidateSet(db, roundId, { strategy: 'random', candidates: [] }, { targetId: modelId, competitorIds: [] });
    expect(currentRoundRatingSet(db)).toBeNull();

    setRoundRatingSet(db, roundId, setId);
    expect(roundParams(db, roundId)).toEqual({ note: 'kept', ratingSetId: setId });
    expect(currentRoundRatingSet(db)).toEqual({ setId, roundId, roundIdx: 1 });
    expect(listCandidateSets(db).map((s) => s.sentToRating)).toEqual([true]);
    expect(listRounds(db)).toEqual([{ id: roundId, idx: 1, state: 'rating', ratingSetId: setId }]);

    updateRoundState(db, roundId, 'mining');
    expect(currentRoundRatingSet(db)).toBeNull();
  });
});

describe('candidate reasons (candidates.reasons)', () => {
  it('read back as written wherever they are read, and a malformed one is refused', () => {
    const { db } = project;
    const roundId = insertMiningRound(db, modelId);
    const mad: CandidateReason = { strategy: 'mad', targetModelId: modelId, competitorModelId: 7, defenderModelId: modelId, classId: 2, rank: 1, d: 0.5, imageId: 1 };
    const random: CandidateReason = { strategy: 'random', rank: 1, score: 0.25, imageId: 3 };
    const madSet = saveCandidateSet(
      db,
      roundId,
      { strategy: 'mad', candidates: [{ rank: 1, contentHash: 'hash-1', imageId: 1, imageIds: [1, 2], reasons: [mad] }] },
      { targetId: modelId, competitorIds: [7] },
    );
    const randomSet = saveCandidateSet(
      db,
      roundId,
      { strategy: 'random', candidates: [{ rank: 1, contentHash: 'hash-3', imageId: 3, imageIds: [3], reasons: [random] }] },
      { targetId: modelId, competitorIds: [] },
    );

    expect(readCandidates(db, madSet, 0, 10).items).toMatchObject([{ imageId: 1, imageIds: [1, 2], reasons: [mad] }]);
    expect([...candidateReasons(db, randomSet)]).toEqual([{ imageIds: [3], reasons: [random] }]);
    expect(madReasonsReader(db)(roundId, 1)).toEqual([mad]);
    expect(madReasonsReader(db)(roundId, 3)).toEqual([]);
    expect(ratingQueueRows(db, madSet, null).map((r) => r.reasons)).toEqual([[mad]]);

    db.prepare('UPDATE candidates SET reasons = ? WHERE set_id = ?').run(JSON.stringify({ imageIds: [3], reasons: [{ strategy: 'random' }] }), randomSet);
    // Readers that compute with the reasons check them; a listing leaves it to the contract's output schema, once.
    expect(() => [...candidateReasons(db, randomSet)]).toThrow();
    const page = { ...readCandidates(db, randomSet, 0, 10), classCounts: [] };
    expect(methods['mining.candidates'].output.safeParse(page).success).toBe(false);
  });
});

describe('labelled images of a test set', () => {
  it('counts the images with a reference mask: ground truth, or an accepted or submitted annotation', () => {
    const { db } = project;
    const roundId = insertMiningRound(db, modelId);
    const testSetId = insertTestSet(db, { name: 'T1', roundId, kind: 'unbiased', imageIds: [1, 2, 3, 4, 5, 6] });
    const author = Number(db.prepare("INSERT INTO people (uid, name, created_at) VALUES ('u', 'Ada', ?)").run(now).lastInsertRowid);
    db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (1, ?, 'import', ?)").run(Buffer.alloc(1), now);
    const annotate = db.prepare(
      "INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, created_at) VALUES (?, ?, ?, 1, ?, 'editor', ?, 2, 2, ?)",
    );
    annotate.run('a2', 2, author, 'accepted', Buffer.alloc(1), now);
    annotate.run('a3', 3, author, 'submitted', Buffer.alloc(1), now);
    annotate.run('a4', 4, author, 'draft', Buffer.alloc(1), now);
    annotate.run('a5', 5, author, 'returned', Buffer.alloc(1), now);

    expect(labelledImageCount(db, { kind: 'unbiased', testSetId })).toBe(3);
  });

  it('counts only imported images (status ok), as the set lists its members', () => {
    const { db } = project;
    db.prepare("INSERT INTO images (id, content_hash, rel_path, split, status, error, imported_at) VALUES (7, 'hash-7', 'img-7.png', 'pool', 'failed', 'not an image', ?)").run(now);
    const testSetId = insertTestSet(db, { name: 'T1', roundId: insertMiningRound(db, modelId), kind: 'unbiased', imageIds: [1, 7] });
    const groundTruth = db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'import', ?)");
    for (const id of [1, 7]) groundTruth.run(id, Buffer.alloc(1), now);

    expect(labelledImageCount(db, { kind: 'unbiased', testSetId })).toBe(1);
  });
});

describe('T0, the user test set', () => {
  it('holds the labelled test split: imported test images with ground truth, kept in step with new ones', () => {
    const { db } = project;
    expect(syncUserTestSet(db)).toBeNull();
    db.prepare("UPDATE images SET split = 'test' WHERE id IN (1, 2, 3, 4)").run();
    db.prepare("UPDATE images SET status = 'failed' WHERE id = 4").run();
    const groundTruth = db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'import', ?)");
    for (const id of [1, 2, 4, 5]) groundTruth.run(id, Buffer.alloc(1), now);

    const t0 = syncUserTestSet(db)!;
    expect(testSetImageIds(db, t0)).toEqual([1, 2]);
    db.prepare("UPDATE images SET split = 'test' WHERE id = 5").run();
    expect(syncUserTestSet(db)).toBe(t0);
    expect(testSetImageIds(db, t0)).toEqual([1, 2, 5]);
  });
});
