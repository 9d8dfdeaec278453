import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorld } from '../../../models/demo/buildDemoWorld.js';
import { DemoWorldManifest } from '../../../models/demo/demoWorldManifest.js';
import { MiningParams } from '../../../shared/mining/miningParams.js';
import { createDemoProject, type DemoOutcome } from '../../../electron/core/demo/createDemoProject.js';
import { oracleMiou } from '../../../electron/core/demo/oracleScores.js';
import { readCandidates } from '../../../electron/core/store/candidateSets.js';
import { runMining } from '../../../electron/core/mining/runMining.js';
import { resolveMiningModels } from '../../../electron/core/mining/resolveMiningModels.js';
import { openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const temp = makeTempDir();
let outcome: DemoOutcome;
let project: ProjectDb;

beforeAll(async () => {
  outcome = await createDemoProject(join(temp.dir, 'demo'), { seed: 7, sizes: { train: 40, test: 10, pool: 240 } });
  project = openProjectDb(outcome.projectDir);
}, 120_000);
afterAll(() => {
  project?.close();
  temp.cleanup();
});

describe('demo project', () => {
  it('holds S0 and T0 with masks, the pool, four models with a target, and every prediction', () => {
    const { db } = project;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(count("SELECT count(*) FROM images WHERE split = 'train'")).toBe(40);
    expect(count("SELECT count(*) FROM images WHERE split = 'test'")).toBe(10);
    expect(count("SELECT count(*) FROM images WHERE split = 'pool'")).toBe(240);
    expect(count('SELECT count(*) FROM ground_truth')).toBe(50);
    expect(count('SELECT count(*) FROM models')).toBe(4);
    expect(count('SELECT count(*) FROM models WHERE is_target = 1')).toBe(1);
    expect(count('SELECT count(*) FROM predictions WHERE error IS NULL')).toBe(290 * 4);
    expect(count('SELECT count(*) FROM evaluations')).toBe(4);
    expect(count("SELECT count(*) FROM meta WHERE key = 'is_demo' AND value = '1'")).toBe(1);
    expect(existsSync(join(outcome.oracleDir, 'oracle', 'index.json'))).toBe(true);
    expect(outcome.oracleDir.startsWith(outcome.projectDir + '/')).toBe(false);
  });

  it('scores the pool from its stored predictions as the world builder scores it by running the models', async () => {
    const kept = DemoWorldManifest.parse(JSON.parse(readFileSync(join(outcome.oracleDir, 'manifest.json'), 'utf8')));
    const world = await buildDemoWorld(join(temp.dir, 'scored-world'), { seed: 7, trainSize: 40, testSize: 10, poolSize: 240 });
    expect(kept.models.map((m) => ({ name: m.name, pool: m.pool }))).toEqual(world.models.map((m) => ({ name: m.name, pool: m.pool })));
    expect(outcome.models.map((m) => m.poolMiou)).toEqual(world.models.map((m) => m.pool!.meanIoU));
    expect(world.models.every((m) => m.pool!.images === 240)).toBe(true);
  }, 120_000);

  it('refuses to build over an existing project and leaves it as it was', async () => {
    await expect(createDemoProject(outcome.projectDir)).rejects.toMatchObject({ code: 'project_exists' });
    expect(existsSync(join(outcome.projectDir, 'project.faultline'))).toBe(true);
  });

  it('MAD finds images the target truly fails on more than a random sample of the same size does', async () => {
    const { db } = project;
    const models = resolveMiningModels(db);
    const mad = await runMining(db, { ...models, params: MiningParams.parse({ n3: 5 }) });
    const random = await runMining(db, { ...models, params: MiningParams.parse({ strategy: 'random', seed: 11 }) });
    expect(random.size).toBe(mad.size);
    const ids = (setId: number) => readCandidates(db, setId, 0, 10_000).items.map((c) => c.imageId);
    const madMiou = (await oracleMiou(db, outcome.projectDir, models.targetId, ids(mad.setId)))!;
    const randomMiou = (await oracleMiou(db, outcome.projectDir, models.targetId, ids(random.setId)))!;
    console.log(`demo (pool 240, n3 5): target true mIoU on the MAD set ${madMiou.toFixed(3)} vs random ${randomMiou.toFixed(3)} (${mad.size} images each)`);
    expect(madMiou).toBeLessThan(randomMiou - 0.03);
  });
});
