import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateModels } from '../../../electron/core/evaluation/evaluateModels.js';
import { leaderboard } from '../../../electron/core/evaluation/leaderboard.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { upsertPerson } from '../../../electron/core/project/people.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedClasses, seedImage, seedModel, seedPrediction } from '../../helpers/seedPredictions.js';

const W = 4;
const H = 1;
const map = (...v: number[]) => Uint8Array.from(v);

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let good: number;
let poor: number;

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'p'), 'eval');
  const { db } = project;
  seedClasses(db, ['background', 'road']);
  good = seedModel(db, 'good', true);
  poor = seedModel(db, 'poor');
  // T0: one image, reference 0 0 1 1. good is perfect; poor predicts 0 1 1 1 (IoU 1/2 and 2/3).
  const t0 = seedImage(db, { hash: 't0', split: 'test', width: W, height: H, mask: map(0, 0, 1, 1) });
  seedPrediction(db, t0, good, map(0, 0, 1, 1), 2);
  seedPrediction(db, t0, poor, map(0, 1, 1, 1), 2);
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

function unbiasedRound(db: ProjectDb['db'], images: Array<{ reference: Uint8Array; good: Uint8Array; poor: Uint8Array }>): void {
  const now = new Date().toISOString();
  const round = Number(db.prepare("INSERT INTO rounds (idx, state, target_model_id, created_at) VALUES (1, 'evaluation', ?, ?)").run(good, now).lastInsertRowid);
  const set = Number(db.prepare("INSERT INTO candidate_sets (round_id, strategy, created_at) VALUES (?, 'mad', ?)").run(round, now).lastInsertRowid);
  const t1 = Number(db.prepare("INSERT INTO test_sets (name, round_id, kind, created_at) VALUES ('T1', ?, 'unbiased', ?)").run(round, now).lastInsertRowid);
  const author = upsertPerson(db, 'Ada', ['annotator']).id;
  images.forEach((img, i) => {
    const id = seedImage(db, { hash: `u${i}`, split: 'pool', width: W, height: H });
    seedPrediction(db, id, good, img.good, 2);
    seedPrediction(db, id, poor, img.poor, 2);
    const reasons = { imageIds: [id], reasons: [{ strategy: 'mad', targetModelId: good, competitorModelId: poor, defenderModelId: good, classId: 1, rank: i + 1, d: 0.5, imageId: id }] };
    db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)').run(set, id, i + 1, JSON.stringify(reasons));
    db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)').run(t1, id);
    db.prepare(
      "INSERT INTO annotations (uid, image_id, author_id, version, status, source, mask, width, height, time_ms, created_at) VALUES (?, ?, ?, 1, 'accepted', 'scratch', ?, ?, ?, 60000, ?)",
    ).run(`a${i}`, id, author, deflateSync(img.reference), W, H, now);
  });
}

describe('evaluation and leaderboard', () => {
  it('creates T0 from the labelled test split and scores every model on it', async () => {
    const rows = await evaluateModels(project.db);
    const byModel = new Map(rows.map((r) => [r.modelId, r]));
    expect(byModel.get(good)!.miou).toBe(1);
    expect(byModel.get(poor)!.miou).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
    expect(byModel.get(poor)!.perClass).toEqual([0.5, 2 / 3]);
    expect(byModel.get(good)).toMatchObject({ images: 1, unlabelled: 0, unpredicted: 0, references: { ground_truth: 1 } });
    const board = leaderboard(project.db);
    expect(board.sets).toEqual([{ id: expect.any(Number), name: 'T0', kind: 'user', roundIdx: null, images: 1 }]);
    expect(board.results).toHaveLength(2);
  });

  it('ranks models from the sets mined for each pair, reports stability and the cost saved', async () => {
    const { db } = project;
    unbiasedRound(
      db,
      Array.from({ length: 6 }, (_, i) => ({
        reference: map(0, 0, 1, 1),
        good: i % 3 === 0 ? map(0, 1, 1, 1) : map(0, 0, 1, 1),
        poor: map(1, 1, 1, 1),
      })),
    );
    await evaluateModels(db);
    const board = leaderboard(db);
    expect(board.sets.map((s) => s.name)).toEqual(['T0', 'T1']);
    expect(board.ranking!.order).toEqual([good, poor]);
    expect(board.ranking!.scores.find((s) => s.modelId === good)!.score).toBeGreaterThan(0.5);
    expect(board.unbiasedImages).toBe(6);
    expect(board.stability.at(-1)).toEqual({ k: 6, srcc: 1 });
    const round = board.costs.rounds[0]!;
    expect(round).toMatchObject({ idx: 1, t: 6, labellingSeconds: 360 });
    // Six from-scratch labellings are too few to replace the published figure.
    expect(board.costs.dense).toEqual({ secondsPerImage: 135, source: 'published', labellings: 6, needed: 10 });
    expect(board.unranked).toEqual([]);
  });

  it('leaves a fine-tuned version that was never evaluated unranked, and flags one that is worse on T0 than its parent', async () => {
    const { db } = project;
    unbiasedRound(db, Array.from({ length: 4 }, () => ({ reference: map(0, 0, 1, 1), good: map(0, 0, 1, 1), poor: map(1, 1, 1, 1) })));
    await evaluateModels(db);
    // A fresh version of the target with no predictions and no evaluation, as fine-tuning leaves it.
    const fresh = seedModel(db, 'good-ft');
    db.prepare('UPDATE models SET parent_id = ? WHERE id = ?').run(good, fresh);
    let board = leaderboard(db);
    expect(board.ranking!.order).toEqual([good, poor]);
    expect(board.ranking!.scores.map((s) => s.modelId).sort()).toEqual([good, poor].sort());
    expect(board.unranked).toEqual([{ modelId: fresh, reason: 'not_evaluated' }]);
    expect(board.regressions).toEqual([]);

    // Once it predicts T0 worse than its parent and is evaluated, it is ranked and flagged.
    const t0 = db.prepare("SELECT id FROM images WHERE content_hash = 't0'").pluck().get() as number;
    seedPrediction(db, t0, fresh, map(0, 1, 1, 1), 2);
    await evaluateModels(db);
    board = leaderboard(db);
    expect(board.unranked).toEqual([]);
    expect(board.ranking!.order[0]).toBe(good);
    expect(board.regressions).toEqual([{ modelId: fresh, parentId: good, testSetId: board.sets[0]!.id, miou: (1 / 2 + 2 / 3) / 2, parentMiou: 1 }]);
  });

  it('counts unlabelled and unpredicted images instead of dropping them silently', async () => {
    const { db } = project;
    const extra = seedImage(db, { hash: 'extra', split: 'test', width: W, height: H, mask: map(1, 1, 1, 1) });
    seedPrediction(db, extra, good, map(1, 1, 1, 1), 2);
    const rows = await evaluateModels(db);
    expect(rows.find((r) => r.modelId === poor)).toMatchObject({ images: 1, unpredicted: 1 });
    expect(rows.find((r) => r.modelId === good)).toMatchObject({ images: 2, unpredicted: 0 });
  });
});
