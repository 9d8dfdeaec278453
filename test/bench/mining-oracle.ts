// MAD against its baselines on the demo world, scored with the simulation oracle: the target's
// true mIoU on each candidate set of the same size (lower = the strategy found more real failures).
// Usage: tsx test/bench/mining-oracle.ts [DEMO_PROJECT_DIR]  (builds a full demo in a temp folder if none given)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { MiningParams } from '../../shared/mining/miningParams.js';
import { createDemoProject } from '../../electron/core/demo/createDemoProject.js';
import { oracleMiou } from '../../electron/core/demo/oracleScores.js';
import { readCandidates } from '../../electron/core/store/candidateSets.js';
import { resolveMiningModels } from '../../electron/core/mining/resolveMiningModels.js';
import { runMining } from '../../electron/core/mining/runMining.js';
import { openProjectDb } from '../../electron/core/store/openProjectDb.js';

const given = process.argv[2];
const temp = given ? null : mkdtempSync(join(os.tmpdir(), 'faultline-bench-'));
const dir = given ?? join(temp!, 'demo');
if (!given) await createDemoProject(dir);
const project = openProjectDb(dir);
try {
  const { db } = project;
  const models = resolveMiningModels(db);
  const pool = db.prepare("SELECT id FROM images WHERE split = 'pool'").pluck().all() as number[];
  const results: Record<string, { images: number; targetTrueMiou: number | null }> = {
    wholePool: { images: pool.length, targetTrueMiou: await oracleMiou(db, dir, models.targetId, pool) },
  };
  const mad = await runMining(db, { ...models, params: MiningParams.parse({}) });
  for (const strategy of ['mad', 'random', 'entropy', 'margin'] as const) {
    const outcome = strategy === 'mad' ? mad : await runMining(db, { ...models, params: MiningParams.parse({ strategy, seed: 1 }) });
    const ids = readCandidates(db, outcome.setId, 0, 1_000_000).items.map((c) => c.imageId);
    results[strategy] = { images: ids.length, targetTrueMiou: await oracleMiou(db, dir, models.targetId, ids) };
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'mining-oracle',
        conditions: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, poolImages: pool.length, n3: 25, competitors: models.competitorIds.length },
        results,
      },
      null,
      2,
    ),
  );
} finally {
  project.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
}
