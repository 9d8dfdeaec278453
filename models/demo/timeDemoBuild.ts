/**
 * Builds a full-size demo world into a temporary folder (or the folder given) and prints one JSON
 * object: the machine and its load, the sizes, wall seconds per stage, CPU seconds of all threads
 * (on a shared machine wall time overstates the cost; CPU seconds / cores is the floor on an idle
 * one), main-thread CPU seconds, and mIoU per model on the test split and the pool.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx models/demo/timeDemoBuild.ts [outDir]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildDemoWorld } from './buildDemoWorld.js';

const keep = process.argv[2];
const outDir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'faultline-demo-')));
const stageStart = new Map<string, number>();
const stageEnd = new Map<string, number>();
const loadBefore = os.loadavg()[0];
const cpu0 = process.cpuUsage();
const main0 = process.threadCpuUsage();
const t0 = performance.now();
const manifest = await buildDemoWorld(outDir, {
  onProgress: (stage) => {
    const now = performance.now();
    if (!stageStart.has(stage)) stageStart.set(stage, now);
    stageEnd.set(stage, now);
  },
});
const total = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const main = process.threadCpuUsage(main0);
const stages: Record<string, number> = {};
for (const [stage, start] of stageStart) stages[stage] = Math.round(((stageEnd.get(stage) ?? start) - start) / 10) / 100;
console.log(
  JSON.stringify(
    {
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: process.platform,
        loadAverage1min: { before: loadBefore, after: os.loadavg()[0] },
      },
      sizes: {
        width: manifest.imageWidth,
        height: manifest.imageHeight,
        train: manifest.images.filter((i) => i.split === 'train').length,
        test: manifest.images.filter((i) => i.split === 'test').length,
        pool: manifest.images.filter((i) => i.split === 'pool').length,
      },
      totalSeconds: Math.round(total * 100) / 100,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      // CPU time of the main thread alone (fitting, inference, bookkeeping): the critical path.
      mainThreadCpuSeconds: Math.round((main.user + main.system) / 1e4) / 100,
      stageSeconds: stages,
      models: manifest.models.map((m) => ({ name: m.name, target: m.isTarget, trainLoss: m.trainLoss, testMeanIoU: m.test.meanIoU, poolMeanIoU: m.pool?.meanIoU ?? null, testClassIoU: m.test.classIoU, poolClassIoU: m.pool?.classIoU ?? null })),
    },
    null,
    1,
  ),
);
if (keep === undefined) await rm(outDir, { recursive: true, force: true });
