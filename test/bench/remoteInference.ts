/**
 * Remote inference over the Open Inference Protocol against local inference of the same model,
 * in the same run: a conv stack at 256×256 (8 classes) over a pool of street scenes.
 *   local:  runInference with the model's ONNX file here (default pool plan).
 *   remote: runInference with the same model served by 2 loopback replicas (test/helpers/
 *           v2TestServer.ts, each its own process, 1 intra-op thread), binary tensor extension,
 *           the replicas' concurrency set by --concurrency (default 1 each).
 * Both on this machine's cores, so the ratio measures what the protocol costs (tensor copies,
 * HTTP, the extra processes), not a faster server. Also: whether the stored predictions are
 * byte-identical, and the host's RSS at each quarter of the remote run (flat memory) and its peak.
 * Run: npm run bench -- remoteInference [--images N] [--distinct K] [--concurrency C]
 * (N pool rows over K distinct image files, default 400 over 40).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { GraphBuilder, serializeModel } from '../../models/onnx/graphBuilder.js';
import { DEMO_DESIGNS } from '../../models/demo/buildDemoWorld.js';
import { DEMO_CLASS_COUNT } from '../../models/demo/classes.js';
import { demoModelCard } from '../../models/demo/demoModelCard.js';
import { encodeRgbPng, renderScene } from '../../models/demo/scenes/renderScene.js';
import { generateScene } from '../../models/demo/scenes/streetScene.js';
import { createRandom } from '../../models/random.js';
import { runInference } from '../../electron/core/inference/runInference.js';
import { probeInWorker, probeRemoteInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';
import { addRemoteModel } from '../../electron/core/models/addRemoteModel.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { predictionSourceCounts } from '../../electron/core/store/remoteModels.js';
import { makeTempDir } from '../helpers/tempDir.js';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number from 1`);
  return value;
}
const IMAGES = arg('--images', 400);
const DISTINCT = Math.min(IMAGES, arg('--distinct', 40));
const CONCURRENCY = arg('--concurrency', 1);
const SIZE = { width: 256, height: 256 };
const POOL_SIZE = { width: 320, height: 240 };
const BATCH = 4;
/**
 * The model's depth and width. The default stack is light, so moving its 2 MB of logits per image
 * weighs as much as computing them; a deeper, wider one (e.g. --layers 6 --width 32) puts the
 * cost where a real segmentation network has it.
 */
const LAYERS = arg('--layers', 3);
const WIDTH = arg('--width', 16);
const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;

function convStack(): { bytes: Uint8Array; card: ReturnType<typeof demoModelCard> } {
  const rng = createRandom(11);
  const weights = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / fanIn));
  const g = new GraphBuilder('conv256');
  let x = g.input('image', ['N', 3, SIZE.height, SIZE.width]);
  let channels = 3;
  for (let layer = 0; layer < LAYERS; layer++) {
    x = g.relu(g.conv(x, { weight: weights(WIDTH * channels * 9, channels * 9), dims: [WIDTH, channels, 3, 3], bias: new Float32Array(WIDTH) }));
    channels = WIDTH;
  }
  g.conv(x, { weight: weights(DEMO_CLASS_COUNT * WIDTH, WIDTH), dims: [DEMO_CLASS_COUNT, WIDTH, 1, 1], bias: new Float32Array(DEMO_CLASS_COUNT) }, { output: 'logits' });
  g.output('logits', ['N', DEMO_CLASS_COUNT, SIZE.height, SIZE.width]);
  const base = demoModelCard(DEMO_DESIGNS[0]!, SIZE, '1');
  return { bytes: serializeModel(g.build({ producer: 'faultline-bench' })), card: { ...base, name: 'conv256', description: `${LAYERS} 3×3 conv layers of ${WIDTH} channels at 256².`, head: undefined } };
}

async function startReplica(tsx: string, modelPath: string): Promise<{ url: string; child: ChildProcess; usage: Promise<{ peakRssMb: number; cpuMs: number }> }> {
  const child = spawn(process.execPath, [tsx, join(import.meta.dirname, '..', 'helpers', 'v2ServerProcess.ts'), modelPath, 'conv256', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  let resolveUrl!: (url: string) => void;
  let resolveUsage!: (usage: { peakRssMb: number; cpuMs: number }) => void;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  const usage = new Promise<{ peakRssMb: number; cpuMs: number }>((resolve) => (resolveUsage = resolve));
  lines.on('line', (line) => {
    const message = JSON.parse(line) as { url?: string; peakRssMb?: number; cpuMs?: number };
    if (message.url) resolveUrl(message.url);
    if (message.peakRssMb !== undefined && message.cpuMs !== undefined) resolveUsage({ peakRssMb: message.peakRssMb, cpuMs: message.cpuMs });
  });
  return { url: await url, child, usage };
}

const temp = makeTempDir('faultline-bench-remote-');
const replicas: Array<Awaited<ReturnType<typeof startReplica>>> = [];
try {
  const loadAtStart = loadavg();
  const project = createProjectDb(join(temp.dir, 'project'), 'Remote bench');
  mkdirSync(join(project.dir, 'images'), { recursive: true });
  const insert = project.db.prepare("INSERT INTO images (content_hash, rel_path, width, height, imported_at) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z')");
  for (let i = 0; i < DISTINCT; i++) {
    const scene = await renderScene(generateScene(2000 + i, 'pool', POOL_SIZE.width, POOL_SIZE.height));
    writeFileSync(join(project.dir, `images/pool-${i}.png`), encodeRgbPng(scene.rgb, scene.width, scene.height));
  }
  for (let i = 0; i < IMAGES; i++) insert.run(`bench-${i}`, `images/pool-${i % DISTINCT}.png`, POOL_SIZE.width, POOL_SIZE.height);

  const { bytes, card } = convStack();
  const src = join(temp.dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'conv256.onnx'), bytes);
  writeFileSync(join(src, 'conv256.card.json'), JSON.stringify(card));
  const local = (await addModel(project, { onnxPath: join(src, 'conv256.onnx'), cardPath: join(src, 'conv256.card.json') }, probeInWorker)).id;

  const tsx = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  for (let i = 0; i < 2; i++) replicas.push(await startReplica(tsx, join(src, 'conv256.onnx')));
  const remote = await addRemoteModel(project, { endpoints: replicas.map((r) => ({ url: r.url, concurrency: CONCURRENCY })), model: 'conv256' }, probeRemoteInWorker);

  const options = { provider: 'cpu', storeProbs: false, retryFailed: false, batchSize: BATCH } as const;
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const localCpu = process.cpuUsage();
  const localRun = await runInference(project, { ...options, modelIds: [local] });
  const localCpuMs = cpuMs(localCpu);

  const quarters: number[] = [];
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
  const remoteCpu = process.cpuUsage();
  const remoteRun = await runInference(
    project,
    { ...options, modelIds: [remote] },
    {
      onProgress: (p) => {
        if (p.done >= ((quarters.length + 1) * IMAGES) / 4) quarters.push(Math.round(process.memoryUsage.rss() / 2 ** 20));
      },
    },
  );
  const remoteHostCpuMs = cpuMs(remoteCpu);
  clearInterval(sampler);

  const mismatched = project.db
    .prepare(
      `SELECT count(*) FROM predictions l JOIN predictions r ON r.image_id = l.image_id AND r.model_id = ?
       LEFT JOIN prediction_maps lm ON lm.model_id = l.model_id AND lm.image_id = l.image_id
       LEFT JOIN prediction_maps rm ON rm.model_id = r.model_id AND rm.image_id = r.image_id
       WHERE l.model_id = ? AND (lm.label_map IS NOT rm.label_map OR l.map_width IS NOT r.map_width OR l.map_height IS NOT r.map_height
         OR l.class_fractions IS NOT r.class_fractions OR l.mean_entropy IS NOT r.mean_entropy OR l.mean_margin IS NOT r.mean_margin)`,
    )
    .pluck()
    .get(remote, local) as number;
  const compared = project.db.prepare('SELECT count(*) FROM predictions WHERE model_id = ?').pluck().get(remote) as number;
  const sources = predictionSourceCounts(project.db, remote);
  project.close();
  for (const r of replicas) r.child.stdin!.end();
  const replicaUsage = await Promise.all(replicas.map((r) => r.usage));

  const localRate = localRun.processed / localRun.seconds;
  const remoteRate = remoteRun.processed / remoteRun.seconds;
  const ortVersion = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'remoteInference',
        conditions: {
          images: IMAGES,
          distinctFiles: DISTINCT,
          poolImageSize: `${POOL_SIZE.width}x${POOL_SIZE.height}`,
          model: `conv stack ${LAYERS}×${WIDTH}ch 3×3 at ${SIZE.width}x${SIZE.height}, ${DEMO_CLASS_COUNT} classes, batch ${BATCH}`,
          local: { workers: localRun.models[0]?.workers, threadsPerWorker: localRun.models[0]?.threads },
          remote: { replicas: 2, concurrencyEach: CONCURRENCY, serverThreads: 1, protocol: 'KServe v2 REST, binary tensor extension, loopback', workers: remoteRun.models[0]?.workers },
          machine: { cpus: cpus().length, availableParallelism: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', platform: platform(), release: release(), node: process.version, onnxruntime: ortVersion, loadAverageAtStart: loadAtStart.map((v) => round(v, 2)), loadAverageAtEnd: loadavg().map((v) => round(v, 2)) },
        },
        localImagesPerSecond: round(localRate, 2),
        remoteImagesPerSecond: round(remoteRate, 2),
        ratio: round(remoteRate / localRate),
        goal: 0.9,
        // Per image, summed over workers: the model call (session.run here, the HTTP round trip there) and the whole batch (decode, tensor, call, post-processing).
        localRunMsPerImage: round(localRun.models[0]!.runMs / localRun.processed, 1),
        remoteRoundTripMsPerImage: round(remoteRun.models[0]!.runMs / remoteRun.processed, 1),
        localWorkerMsPerImage: round(localRun.models[0]!.workerMs / localRun.processed, 1),
        remoteWorkerMsPerImage: round(remoteRun.models[0]!.workerMs / remoteRun.processed, 1),
        // CPU time per image: this process (all its threads) for each run, and the replicas' processes for the remote run (their dry run at registration included).
        localCpuMsPerImage: round(localCpuMs / localRun.processed, 1),
        remoteHostCpuMsPerImage: round(remoteHostCpuMs / remoteRun.processed, 1),
        remoteReplicaCpuMsPerImage: round(replicaUsage.reduce((sum, u) => sum + u.cpuMs, 0) / remoteRun.processed, 1),
        identicalPredictions: mismatched === 0 && compared === IMAGES,
        comparedPredictions: compared,
        predictionsPerReplica: sources.map((s) => s.predictions),
        hostRssMbAtQuarters: quarters,
        hostPeakRssMb: Math.round(peakRss / 2 ** 20),
        replicaPeakRssMb: replicaUsage.map((u) => u.peakRssMb),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const r of replicas) r.child.kill();
  temp.cleanup();
}
