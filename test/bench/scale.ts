/**
 * A pool of N images (default 1 000 000) × 4 models on one box: synthesises a project with the
 * shapes the demo writes (128×96 label maps of 21 classes, WebP-sized thumbnails, 1 % test images
 * with ground truth), then measures through the contract what a user waits for: open (read-write
 * and read-only), the Pool view's first screen, list and queue pages, project info, MAD mining the
 * first time (every discrepancy measured) and again with everything stored, with peak memory; and
 * the discrepancy kernel alone on the same maps, in the same run, as the throughput ceiling.
 * With --stored-discrepancies the synthesis also writes every pool image's pair distances (what
 * the first run would measure, from the same kernel), and only the run with everything stored is
 * measured: the first run's throughput does not depend on the pool's size, and at 1M it takes
 * most of an hour on 2 shared cores.
 * The last line of output is one JSON object.
 * Run: npm run bench -- scale [--images N] [--stored-discrepancies]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '../../shared/client/createClient.js';
import { inProcessTransport } from '../helpers/wsClientTransport.js';
import { classFractions } from '../../shared/mining/classFractions.js';
import { confusionMatrix } from '../../shared/mining/confusionMatrix.js';
import { discrepancy, discrepancySettingsKey, miningDiscrepancySettings } from '../../shared/mining/discrepancy.js';
import { MiningParams } from '../../shared/mining/miningParams.js';
import { mulberry32 } from '../../shared/mining/prng.js';
import { createCore } from '../../electron/core/createCore.js';
import { headlessHost } from '../../electron/core/host/hostServices.js';
import { runMining } from '../../electron/core/mining/runMining.js';
import { deflateLabelMap, inflateLabelMapAt } from '../../electron/core/store/labelMapBlob.js';
import { createProjectDb, type Db } from '../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { seedClasses, seedModel } from '../helpers/seedPredictions.js';

const MAP_W = 128;
const MAP_H = 96;
const CLASSES = ['background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow', 'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor'];
const MODELS = 4;
/** Distinct label maps per model; rows reuse them (blobs may repeat), so synthesis costs writes, not pixel work. */
const VARIANTS = 97;
/** Images per synthesis transaction: bounds what one transaction holds (a 1M-image project is several GB). */
const CHUNK = 50_000;
const THUMB_BYTES = 2_000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * Street-like scenes: 4–11 objects with ragged edges (each row's extent jitters by a pixel or two,
 * as upsampled predictions do) over a two-class background; each model moves boundaries and adds
 * a few blocks of its own. Deflated (fast) they average about the demo's 1.2 kB per map.
 */
function sceneMaps(): Uint8Array[][] {
  const next = mulberry32(7);
  const bases = Array.from({ length: VARIANTS }, () => {
    const map = new Uint8Array(MAP_W * MAP_H);
    const horizon = Math.floor(MAP_H * (0.3 + next() * 0.3));
    map.fill(CLASSES.length - 1, 0, horizon * MAP_W);
    const objects = 4 + Math.floor(next() * 8);
    for (let o = 0; o < objects; o++) {
      const k = 1 + Math.floor(next() * (CLASSES.length - 2));
      const w = 6 + Math.floor(next() * 40);
      const h = 6 + Math.floor(next() * 36);
      const x0 = Math.floor(next() * (MAP_W - w));
      const y0 = Math.floor(next() * (MAP_H - h));
      for (let y = y0; y < y0 + h; y++) {
        const left = Math.max(0, x0 + Math.floor(next() * 3) - 1);
        const right = Math.min(MAP_W, x0 + w + Math.floor(next() * 3) - 1);
        map.fill(k, y * MAP_W + left, y * MAP_W + right);
      }
    }
    return map;
  });
  return Array.from({ length: MODELS }, (_, m) =>
    bases.map((base) => {
      const map = new Uint8Array(base.length);
      for (let y = 0; y < MAP_H; y++) {
        for (let x = 0; x < MAP_W; x++) map[y * MAP_W + x] = base[y * MAP_W + Math.min(MAP_W - 1, x + m)]!;
      }
      for (let b = 0; b < m * 3; b++) {
        const k = Math.floor(next() * CLASSES.length);
        const x0 = Math.floor(next() * (MAP_W - 6));
        const y0 = Math.floor(next() * (MAP_H - 6));
        for (let y = y0; y < y0 + 6; y++) map.fill(k, y * MAP_W + x0, y * MAP_W + x0 + 6);
      }
      return map;
    }),
  );
}

const hashOf = (i: number): string => createHash('sha1').update(`scale-${i}`).digest('hex');

/**
 * The child process: the rows the import store and the inference writer (predictionWriter)
 * store, written by one INSERT … SELECT per table and chunk over a small table of the distinct
 * blobs, so a million images cost SQLite's writes, not JavaScript calls per row (34 min for 1M
 * when each row went through the writers). The file is new and nobody else reads it while it is
 * written, so it is written without a journal or fsync, and switched back to WAL at the end.
 */
function synthesise(dir: string, images: number, storeDiscrepancies: boolean): void {
  const t0 = performance.now();
  const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const project = createProjectDb(dir, 'scale');
  const { db } = project;
  // SQLite leaves WAL only for a rollback mode, and turns the journal off only from one.
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  seedClasses(db, CLASSES);
  const modelIds = Array.from({ length: MODELS }, (_, m) => seedModel(db, `model-${m}`, m === 0));
  const maps = sceneMaps();
  const blobs = maps.map((variants) => variants.map((map) => deflateLabelMap(map, 'fast')));
  const fractions = maps.map((variants) => variants.map((map) => classFractions(map, CLASSES.length)));
  const thumbnail = Buffer.from(Uint8Array.from({ length: THUMB_BYTES }, (_, i) => (i * 7919) & 0xff));
  const total = images + Math.ceil(images / 100);
  db.exec('CREATE TEMP TABLE synth_variants (model INTEGER, variant INTEGER, label_map BLOB, fractions BLOB, PRIMARY KEY (model, variant))');
  const addVariant = db.prepare('INSERT INTO synth_variants VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    blobs.forEach((variants, m) => variants.forEach((map, v) => addVariant.run(m, v, map, Buffer.from(fractions[m]![v]!.buffer))));
  })();
  db.function('scale_hash', { deterministic: true }, (i) => hashOf(Number(i)));
  const numbers = 'WITH RECURSIVE n(i) AS (SELECT @start UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @end)';

  // The rows the import store writes (images, image_thumbnails, ground_truth for the 1 % test
  // images, masks named after their image), one statement per table and chunk.
  const insertImages = db.prepare(
    `INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at)
     ${numbers} SELECT h, 'images/' || h || '.jpg', 'crawl/' || (i / 1000) || '/' || i || '.jpg', ${MAP_W}, ${MAP_H},
       CASE WHEN i >= @images THEN 'test' ELSE 'pool' END, 'ok', @now
     FROM (SELECT i, scale_hash(i) AS h FROM n)`,
  );
  const insertThumbnails = db.prepare(`INSERT INTO image_thumbnails (image_id, thumbnail) ${numbers} SELECT i + 1, @thumbnail FROM n`);
  const insertTruth = db.prepare(
    `INSERT INTO ground_truth (image_id, mask, source, created_at)
     ${numbers} SELECT n.i + 1, v.label_map, 'import:crawl/' || (n.i / 1000) || '/' || n.i || '.jpg', @now
     FROM n CROSS JOIN synth_variants v WHERE n.i >= @images AND v.model = 0 AND v.variant = n.i % ${VARIANTS}`,
  );
  const now = new Date().toISOString();
  for (let start = 0; start < total; start += CHUNK) {
    const args = { start, end: Math.min(total, start + CHUNK), images, now };
    db.transaction(() => {
      insertImages.run(args);
      insertThumbnails.run({ start: args.start, end: args.end, thumbnail });
      insertTruth.run(args);
    })();
  }
  process.stderr.write(`synthesised ${total} images (${elapsed()})\n`);

  // Ids are 1..total in insertion order: the project is new. Row i (from 0) of model m takes
  // variant (i + m every 13th row) mod VARIANTS, and uncertainty from (31 i + 7 m) mod VARIANTS.
  const rows = `${numbers}
    SELECT @modelId AS model_id, n.i + 1 AS image_id, v.label_map, v.fractions, ((n.i * 31 + @m * 7) % ${VARIANTS}) AS u
    FROM n CROSS JOIN synth_variants v
    WHERE v.model = @m AND v.variant = (n.i + CASE WHEN n.i % 13 = 0 THEN @m ELSE 0 END) % ${VARIANTS}`;
  const insertPredictions = db.prepare(
    `INSERT INTO predictions (model_id, image_id, error, map_width, map_height, mean_entropy, mean_margin, class_fractions, created_at, probs, embedding)
     SELECT model_id, image_id, NULL, ${MAP_W}, ${MAP_H}, (u % 17) / 17.0, (u % 11) / 11.0, fractions, @now, NULL, NULL FROM (${rows})`,
  );
  const insertMaps = db.prepare(`INSERT INTO prediction_maps (model_id, image_id, label_map) SELECT model_id, image_id, label_map FROM (${rows})`);
  modelIds.forEach((modelId, m) => {
    for (let start = 0; start < total; start += CHUNK) {
      const args = { start, end: Math.min(total, start + CHUNK), modelId, m };
      db.transaction(() => {
        insertPredictions.run({ ...args, now });
        insertMaps.run(args);
      })();
    }
    process.stderr.write(`synthesised predictions of model ${m + 1}/${MODELS} (${elapsed()})\n`);
  });
  if (storeDiscrepancies) {
    writeDiscrepancies(db, maps, modelIds, images, numbers);
    process.stderr.write(`synthesised stored discrepancies (${elapsed()})\n`);
  }
  db.exec('DROP TABLE synth_variants');
  db.pragma('journal_mode = WAL');
  project.close();
}

/**
 * The pair distances a first MAD run stores for every pool image, measured as the discrepancy
 * worker measures them (both maps, one confusion matrix, three distances under the run's
 * settings) once per distinct pair of maps: image i pairs the target's variant i mod VARIANTS
 * with the competitor's same variant, shifted by the model's number every 13th image.
 */
function writeDiscrepancies(db: Db, maps: Uint8Array[][], modelIds: number[], images: number, numbers: string): void {
  const params = MiningParams.parse({ strategy: 'mad' });
  const settings = miningDiscrepancySettings(params, CLASSES.length);
  const options = { minPixels: settings.minClassShare * MAP_W * MAP_H, foregroundClassId: settings.foregroundClassId };
  db.exec('CREATE TEMP TABLE synth_distances (model INTEGER, variant INTEGER, shifted INTEGER, miou REAL, pixel_accuracy REAL, fw_iou REAL, PRIMARY KEY (model, variant, shifted))');
  const add = db.prepare('INSERT INTO synth_distances VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let m = 1; m < MODELS; m++) {
      for (let v = 0; v < VARIANTS; v++) {
        for (const shifted of [0, 1]) {
          const matrix = confusionMatrix(maps[0]![v]!, maps[m]![(v + shifted * m) % VARIANTS]!, CLASSES.length, { ignoreIndex: params.ignoreIndex });
          add.run(m, v, shifted, discrepancy(matrix, 'miou', options), discrepancy(matrix, 'pixel_accuracy', options), discrepancy(matrix, 'fw_iou', options));
        }
      }
    }
  })();
  const insert = db.prepare(
    `INSERT INTO pair_discrepancies (image_id, target_id, competitor_id, miou, pixel_accuracy, fw_iou, settings)
     ${numbers} SELECT n.i + 1, @targetId, @competitorId, s.miou, s.pixel_accuracy, s.fw_iou, @settings
     FROM n CROSS JOIN synth_distances s WHERE s.model = @m AND s.variant = n.i % ${VARIANTS} AND s.shifted = (n.i % 13 = 0)`,
  );
  for (let m = 1; m < MODELS; m++) {
    for (let start = 0; start < images; start += CHUNK) {
      const args = { start, end: Math.min(images, start + CHUNK), targetId: modelIds[0]!, competitorId: modelIds[m]!, m, settings: discrepancySettingsKey(settings) };
      db.transaction(() => insert.run(args))();
    }
  }
  db.exec('DROP TABLE synth_distances');
}

/** The discrepancy worker's work per item (inflate both maps, one confusion matrix, three distances), on this thread. */
function kernelItemsPerSecond(): { wall: number; cpu: number } {
  const maps = sceneMaps();
  const stored = maps.map((variants) => variants.map((map) => ({ blob: deflateLabelMap(map, 'fast'), width: MAP_W, height: MAP_H })));
  const options = { minPixels: 0.001 * MAP_W * MAP_H, foregroundClassId: null };
  const run = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const a = inflateLabelMapAt(stored[0]![i % VARIANTS]!, MAP_W, MAP_H, 'a');
      const b = inflateLabelMapAt(stored[1 + (i % 3)]![(i * 5) % VARIANTS]!, MAP_W, MAP_H, 'b');
      const matrix = confusionMatrix(a, b, CLASSES.length, { ignoreIndex: 255 });
      discrepancy(matrix, 'miou', options);
      discrepancy(matrix, 'pixel_accuracy', options);
      discrepancy(matrix, 'fw_iou', options);
    }
  };
  run(2_000);
  const n = 20_000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run(n);
  const cpu = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const round = (v: number, digits = 1): number => Number(v.toFixed(digits));

/** Wall time and this process's CPU time: on a loaded machine a short call's wall time is mostly waiting for a core. */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** Bytes of each table and its indexes (dbstat), for the storage figures. */
function tableBytes(dbPath: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['-e', `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbPath)}, { readonly: true });
    const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all();
    process.stdout.write(JSON.stringify(Object.fromEntries(rows.map((r) => [r.name, r.bytes]))));
  `], { cwd: join(fileURLToPath(import.meta.url), '..', '..', '..') });
  return JSON.parse(out.toString()) as Record<string, number>;
}

async function measure(dir: string, images: number, storedDiscrepancies: boolean): Promise<Record<string, unknown>> {
  const home = join(dir, '..', 'home');
  mkdirSync(home, { recursive: true });
  const core = createCore({ host: headlessHost('in-process'), userDataDir: home, listRecent: false });
  const client = createClient(inProcessTransport(core));
  try {
    const opens: number[] = [];
    const readOnlyOpens: number[] = [];
    for (let r = 0; r < 3; r++) {
      opens.push((await timed(() => client.call('project.open', { dir }))).ms);
      await client.call('project.close', {});
      readOnlyOpens.push((await timed(() => client.call('project.open', { dir, readOnly: true }))).ms);
      await client.call('project.close', {});
    }
    await client.call('project.open', { dir });
    const db = core.session.require().db;

    const firstScreen = await timed(async () => {
      // The Pool view's first screen: 60 images and their thumbnails.
      const list = await client.call('images.list', { split: 'pool', offset: 0, limit: 60 });
      await client.call('images.thumbnails', { ids: list.items.map((i) => i.id) });
      return list;
    });
    const info = await timed(() => client.call('project.stats', {}));

    const params = MiningParams.parse({ strategy: 'mad' });
    const request = { targetId: 1, competitorIds: [2, 3, 4], params };
    // The kernel before and after the first run: on a shared machine the load moves in between.
    const kernelBefore = kernelItemsPerSecond();
    const first = storedDiscrepancies ? null : await timed(() => runMining(db, request));
    const kernelAfter = storedDiscrepancies ? kernelBefore : kernelItemsPerSecond();
    const kernelRate = (kernelBefore.wall + kernelAfter.wall) / 2;
    const kernelCpuRate = (kernelBefore.cpu + kernelAfter.cpu) / 2;
    const throughputCpu = first ? first.value.discrepanciesComputed / (first.cpuMs / 1000) : null;
    const again = await timed(() => runMining(db, request));
    const throughput = first ? first.value.discrepanciesComputed / (first.ms / 1000) : null;

    const setId = again.value.setId;
    await client.call('mining.sendToRating', { setId });
    const queue = await client.call('rating.queue', { setId, rater: 'ana' });

    // The calls the list views and the rating queue make, each timed once per round over the pool.
    const listTimes: Record<string, number[]> = {};
    const listCpu: Record<string, number[]> = {};
    const record = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
      const t = await timed(fn);
      (listTimes[name] ??= []).push(t.ms);
      (listCpu[name] ??= []).push(t.cpuMs);
    };
    const total = firstScreen.value.total;
    const poolIds = (from: number): number => Math.min(images, Math.max(1, from));
    const nextTimes: number[] = [];
    const nextCpu: number[] = [];
    const offsetTimes: number[] = [];
    for (let r = 0; r < 20; r++) {
      // Where the pager is: spread from the first page to the last (ids run 1..images in the pool).
      const at = Math.floor(((r % 10) / 9) * Math.max(0, total - 60));
      await record('images.list (pool, next page by keyset)', () => client.call('images.list', { split: 'pool', after: poolIds(at), limit: 60 }));
      await record('images.list (pool, previous page by keyset)', () => client.call('images.list', { split: 'pool', before: poolIds(at + 60), limit: 60 }));
      await record('images.list (all, next page by keyset)', () => client.call('images.list', { after: poolIds(at), limit: 60 }));
      await record('images.list (failed)', () => client.call('images.list', { status: 'failed', limit: 60 }));
      await record('images.thumbnails (a page)', () => client.call('images.thumbnails', { ids: Array.from({ length: 60 }, (_, k) => poolIds(at + k + 1)) }));
      await record('project.stats', () => client.call('project.stats', {}));
      await record('mining.sets', () => client.call('mining.sets', {}));
      await record('mining.candidates', () => client.call('mining.candidates', { setId, offset: (r * 100) % Math.max(1, queue.items.length), limit: 100 }));
      await record('rating.sets', () => client.call('rating.sets', { rater: 'ana' }));
      offsetTimes.push((await timed(() => client.call('images.list', { split: 'pool', offset: at, limit: 60 }))).ms);
      const item = queue.items[r % queue.items.length]!;
      const next = await timed(() => client.call('rating.rate', { setId, imageId: item.imageId, rater: 'ana', score: (1 + (r % 5)) as 1 | 2 | 3 | 4 | 5, outOfDomain: false, timeMs: 900 }));
      nextTimes.push(next.ms);
      nextCpu.push(next.cpuMs);
    }
    const queueTimes: number[] = [];
    for (let r = 0; r < 5; r++) queueTimes.push((await timed(() => client.call('rating.queue', { setId, rater: 'ana' }))).ms);
    const allListTimes = Object.values(listTimes).flat();
    await client.call('project.close', {});

    const dbPath = join(dir, readdirSync(dir).find((f) => f.endsWith('.faultline'))!);
    const tables = tableBytes(dbPath);
    const predictionBytes = Object.entries(tables)
      .filter(([name]) => name.startsWith('prediction') || name.includes('predictions'))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    const fileBytes = statSync(dbPath).size;
    return {
      openMs: round(percentile(opens, 50)),
      openReadOnlyMs: round(percentile(readOnlyOpens, 50)),
      poolFirstScreenMs: round(firstScreen.ms),
      infoMs: round(info.ms),
      listP95Ms: round(percentile(allListTimes, 95), 2),
      listP95ByCallMs: Object.fromEntries(Object.entries(listTimes).map(([name, ts]) => [name, round(percentile(ts, 95), 2)])),
      listP95CpuMs: round(percentile(Object.values(listCpu).flat(), 95), 2),
      listP95CpuByCallMs: Object.fromEntries(Object.entries(listCpu).map(([name, ts]) => [name, round(percentile(ts, 95), 2)])),
      offsetPageP95Ms: round(percentile(offsetTimes, 95), 2),
      queueNextMs: round(percentile(nextTimes, 95), 2),
      queueNextCpuMs: round(percentile(nextCpu, 95), 2),
      ratingQueueMs: { items: queue.items.length, p95: round(percentile(queueTimes, 95), 1) },
      mineMs: round(again.ms),
      mineCpuMs: round(again.cpuMs),
      mineDiscrepanciesComputed: again.value.discrepanciesComputed,
      mineFirstMs: first && round(first.ms),
      candidates: again.value.size,
      discrepanciesComputed: first && first.value.discrepanciesComputed,
      discrepanciesPerS: throughput && Math.round(throughput),
      kernelItemsPerS: Math.round(kernelRate),
      kernelItemsPerSBeforeAfter: [Math.round(kernelBefore.wall), Math.round(kernelAfter.wall)],
      discrepancyThroughputVsKernel: throughput && round(throughput / kernelRate, 2),
      discrepanciesPerCpuS: throughputCpu && Math.round(throughputCpu),
      kernelItemsPerCpuS: Math.round(kernelCpuRate),
      discrepancyThroughputVsKernelCpu: throughputCpu && round(throughputCpu / kernelCpuRate, 2),
      databaseBytes: fileBytes,
      databaseBytesPerImagePerModel: Math.round(fileBytes / (images * MODELS)),
      predictionBytesPerImagePerModel: Math.round(predictionBytes / ((images + Math.ceil(images / 100)) * MODELS)),
      tableMb: Object.fromEntries(Object.entries(tables).filter(([, b]) => b > 1e6).map(([name, b]) => [name, round(b / 1e6)])),
    };
  } finally {
    await core.dispose();
  }
}

const images = Number(arg('images') ?? 1_000_000);
if (!Number.isInteger(images) || images < 1000) {
  process.stderr.write('--images must be a whole number of at least 1000.\n');
  process.exit(2);
}

const storedDiscrepancies = process.argv.includes('--stored-discrepancies');

if (process.argv.includes('--synthesise')) {
  synthesise(arg('synthesise')!, images, storedDiscrepancies);
} else {
  const temp = makeTempDir('faultline-bench-scale-');
  const dir = join(temp.dir, 'project');
  try {
    const loadAtStart = loadavg();
    const t0 = performance.now();
    // Synthesis runs in its own process so peak memory below is that of the measured work alone.
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--synthesise', dir, '--images', String(images), ...(storedDiscrepancies ? ['--stored-discrepancies'] : [])], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (child.status !== 0) throw new Error(`synthesis failed (exit ${child.status})`);
    const synthesisS = (performance.now() - t0) / 1000;
    const figures = await measure(dir, images, storedDiscrepancies);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'scale',
        images,
        ...figures,
        peakRssMb,
        conditions: {
          models: MODELS,
          classes: CLASSES.length,
          labelMap: `${MAP_W}×${MAP_H}, deflated (fast), ${VARIANTS} distinct maps per model reused across rows`,
          labelMapMeanBytes: Math.round(sceneMaps().flat().reduce((sum, map) => sum + deflateLabelMap(map, 'fast').length, 0) / (MODELS * VARIANTS)),
          thumbnailBytes: THUMB_BYTES,
          testImages: Math.ceil(images / 100),
          mining: `MAD, target model 1 against models 2–4 (3 pairs), quartile bounds from the pool, n3 = 25; ${
            storedDiscrepancies
              ? 'every pool distance stored by the synthesis as a first run stores it (--stored-discrepancies), so only the run with everything stored is measured'
              : 'first run measures every discrepancy, the second has them all stored'
          }; mineCpuMs: the run with everything stored, in this process's CPU time`,
          listP95: 'P95 over 20 rounds, pager positions spread from the first page to the last, of the calls the views make: images.list by keyset (pool next/previous, all), failed only, a page of thumbnails, project.stats, mining.sets, mining.candidates, rating.sets; offsetPageP95Ms: images.list by offset at the same positions (clients that jump)',
          queueNext: 'P95 of rating.rate, the call the Rating view makes to move to the next image',
          cpu: 'listP95CpuMs, listP95CpuByCallMs, queueNextCpuMs: the same calls by this process\'s CPU time (user + system), which waiting for a core on a loaded machine does not inflate',
          kernel: 'the discrepancy kernel alone on this thread, before and after the first run (kernelItemsPerS: their mean); discrepancyThroughputVsKernelCpu: discrepancies per second of the whole process\'s CPU (both threads) over the kernel\'s per second of its CPU, which the load does not move',
          synthesisS: round(synthesisS),
          warm: 'the project was just written, so its pages are in the OS cache',
          cpus: cpus().length,
          memoryGb: round(totalmem() / 2 ** 30),
          node: process.version,
          loadAverageAtStart: loadAtStart.map((v) => round(v, 2)),
          loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
        },
      })}\n`,
    );
  } finally {
    rmSync(temp.dir, { recursive: true, force: true });
  }
}
