import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MiningParams } from '../../../shared/mining/miningParams.js';
import { readCandidates, listCandidateSets } from '../../../electron/core/store/candidateSets.js';
import { resolveMiningModels } from '../../../electron/core/mining/resolveMiningModels.js';
import { boundsView } from '../../../electron/core/mining/boundsView.js';
import { planMining, runMining } from '../../../electron/core/mining/runMining.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { seedClasses, seedImage, seedModel, seedPrediction } from '../../helpers/seedPredictions.js';

const W = 10;
const H = 10;

/** A map with the top `rows` rows of class `top` and the rest class `bottom`. */
function split(rows: number, top: number, bottom: number): Uint8Array {
  const map = new Uint8Array(W * H).fill(bottom);
  map.fill(top, 0, rows * W);
  return map;
}

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let target: number;
let rival: number;
const pool: number[] = [];

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'p'), 'mining');
  const { db } = project;
  seedClasses(db, ['background', 'road', 'car']);
  // S0: cars cover 20–40 % of an image.
  for (let i = 0; i < 4; i++) seedImage(db, { hash: `train-${i}`, split: 'train', width: W, height: H, mask: split(2 + i, 2, 1) });
  target = seedModel(db, 'target', true);
  rival = seedModel(db, 'rival');
  pool.length = 0;
  // Pool image i: the target sees 3 rows of car; the rival sees i rows of car (disagreement grows with i).
  for (let i = 0; i < 8; i++) {
    const id = seedImage(db, { hash: `pool-${i}`, split: 'pool', width: W, height: H });
    pool.push(id);
    seedPrediction(db, id, target, split(3, 2, 1), 3, { entropy: i / 10, margin: 1 - i / 10 });
    seedPrediction(db, id, rival, split(i, 2, 1), 3);
  }
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('mining service', () => {
  it('measures discrepancies once and selects the most disputed typical images in both directions', async () => {
    const params = MiningParams.parse({ n3: 2 });
    const first = await runMining(project.db, { targetId: target, competitorIds: [rival], params });
    expect(first.discrepanciesComputed).toBe(8);
    const { items } = readCandidates(project.db, first.setId, 0, 100);
    // Car subgroups: the target's map always has 30 % car (inside [Q1, Q3] of S0); the rival's only
    // for 3–4 rows. Largest d first: pool-0 (rival sees no car: d = 1 − (0.7 + 0)/2 = 0.65).
    const ids = items.map((c) => c.imageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(pool[0]);
    const top = items[0]!.reasons[0]!;
    expect(top.strategy === 'mad' && top.d).toBeCloseTo(0.65, 6);
    const defenders = new Set(items.flatMap((c) => c.reasons.map((r) => (r.strategy === 'mad' ? r.defenderModelId : -1))));
    expect(defenders).toEqual(new Set([target, rival]));
    for (const c of items) for (const r of c.reasons) if (r.strategy === 'mad') expect(r.classId).not.toBe(0);

    const again = await runMining(project.db, { targetId: target, competitorIds: [rival], params });
    expect(again.discrepanciesComputed).toBe(0);
    expect(readCandidates(project.db, again.setId, 0, 100).items).toEqual(items);
    expect(again.roundId).toBe(first.roundId);
  });

  it('runs the baselines with the MAD set size as budget', async () => {
    const mad = await runMining(project.db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ n3: 2 }) });
    const entropy = await runMining(project.db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ strategy: 'entropy' }) });
    expect(entropy.size).toBe(mad.size);
    const top = readCandidates(project.db, entropy.setId, 0, 1).items[0]!;
    expect(top.imageId).toBe(pool[7]);
    expect(listCandidateSets(project.db).map((s) => s.strategy)).toEqual(['entropy', 'mad']);
  });

  it("asks for a budget when the round's MAD set is empty instead of failing inside the job", async () => {
    const nothingFits = MiningParams.parse({ n3: 2, constraint: { mode: 'custom', bounds: [1, 2].map((classId) => ({ classId, min: 0, max: 0 })) } });
    expect((await runMining(project.db, { targetId: target, competitorIds: [rival], params: nothingFits })).size).toBe(0);
    expect(() => planMining(project.db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ strategy: 'margin' }) })).toThrow(/MAD set, which is empty; give a budget/);
  });

  it('explains what is missing instead of mining nothing', async () => {
    await expect(runMining(project.db, { targetId: target, competitorIds: [], params: MiningParams.parse({}) })).rejects.toThrow(/competing model/);
    const outside = MiningParams.parse({ constraint: { mode: 'custom', bounds: [{ classId: 7, min: 0, max: 0.5 }] } });
    expect(() => planMining(project.db, { targetId: target, competitorIds: [rival], params: outside })).toThrow("A bound names class 7, but the project's class ids run from 0 to 2.");
    project.db.prepare('DELETE FROM ground_truth').run();
    await expect(runMining(project.db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ strategy: 'margin' }) })).rejects.toThrow(/budget/);
  });

  it("mines a pool without S0 by the target's own typical areas, says so, and returns to S0 once it exists", async () => {
    const withS0 = await runMining(project.db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ n3: 2 }) });
    expect(withS0).toMatchObject({ boundsSource: 's0', s0Masks: 4 });
    const s0Masks = project.db.prepare('SELECT image_id, mask FROM ground_truth').all() as Array<{ image_id: number; mask: Buffer }>;
    project.db.prepare('DELETE FROM ground_truth').run();

    // The target always predicts 3 rows of car (30 %): the pool's quartiles of car are [0.3, 0.3] over all 8 images.
    const view = boundsView(project.db, { mode: 'quartile' });
    expect(view).toMatchObject({ source: 'pool', s0Masks: 0 });
    expect(view.classes[2]).toEqual({ classId: 2, lower: expect.closeTo(0.3, 6), upper: expect.closeTo(0.3, 6), support: 8 });
    const poolRun = await runMining(project.db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ n3: 2 }) });
    expect(poolRun).toMatchObject({ boundsSource: 'pool', s0Masks: 0 });
    const cars = readCandidates(project.db, poolRun.setId, 0, 100).items.flatMap((c) => c.reasons).filter((r) => r.strategy === 'mad' && r.classId === 2);
    // Only the rival's 3-row image is typical by the target's measure when the rival defends; the target defends on every image.
    expect(new Set(cars.map((r) => (r.strategy === 'mad' ? r.defenderModelId : 0)))).toEqual(new Set([target, rival]));
    expect(listCandidateSets(project.db)[0]).toMatchObject({ id: poolRun.setId, boundsSource: 'pool' });

    const restore = project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'seed', 'now')");
    for (const row of s0Masks) restore.run(row.image_id, row.mask);
    expect(boundsView(project.db, { mode: 'quartile' }).source).toBe('s0');
  });

  it('defaults to the project target and the other models', () => {
    expect(resolveMiningModels(project.db)).toEqual({ targetId: target, competitorIds: [rival] });
  });

  it('mines from the CLI and prints the set with reasons as JSON', () => {
    project.close();
    const result = runCli(['mine', join(temp.dir, 'p'), '--n3', '2', '--json']);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { size: number; candidates: Array<{ reasons: unknown[] }> };
    expect(out.size).toBeGreaterThan(0);
    expect(out.candidates[0]!.reasons.length).toBeGreaterThan(0);

    const text = runCli(['mine', join(temp.dir, 'p'), '--n3', '2', '--bounds', 'car=20%:40%', '--background', 'road', '--top', '2']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Content bounds: as given with --bounds.');
    // Road is the background now, so only car subgroups remain; rank lines name the image and the strongest reason.
    expect(text.stdout).toMatch(/Top 2:\n {3}1 {2}images\/pool-\d\.png {2}d 0\.\d{3} · car · models \d vs \d, defended by \d/);
    const refused = runCli(['mine', join(temp.dir, 'p'), '--bounds', 'bus=0:1']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('the project has no class "bus"');
    project = createProjectDb(join(temp.dir, 'q'), 'reopen-for-cleanup');
  });
});
