/**
 * The demo build, as a first `npm start` or `npx faultline demo` runs it: wall seconds per stage
 * (DemoOutcome.seconds), total wall and CPU seconds of all threads, and the load of the machine
 * before and after. The baseline, measured in the same run on the models just fitted: one raw
 * pass, session.run alone on one thread (what the demo's sessions use) of every model over
 * every image, extrapolated from SAMPLE pool images already decoded. The ratios to it say how
 * far the build is from the cost of the bare model runs it cannot avoid, whatever the load.
 * Run: npm run bench -- demoBuild [--sizes TRAIN,TEST,POOL] [--seed N]   (default 300,100,2000, seed 1)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createDemoProject } from '../../electron/core/demo/createDemoProject.js';
import { imageFileReader, poolImages } from '../../electron/core/store/images.js';
import { loadModels } from '../../electron/core/store/models.js';
import { openProjectDb } from '../../electron/core/store/openProjectDb.js';
import { modelBytes } from '../../electron/core/inference/runInference.js';
import { createCpuSession, runNchw } from '../../models/onnx/ortSession.js';
import { rgbToNchw } from '../../models/onnx/preprocess.js';

const SAMPLE = 200;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const [train, test, pool] = (option('--sizes') ?? '300,100,2000').split(',').map(Number);
const seed = Number(option('--seed') ?? 1);
if (![train, test, pool, seed].every((v) => Number.isSafeInteger(v) && v! >= 0)) {
  process.stderr.write('Usage: npm run bench -- demoBuild [--sizes TRAIN,TEST,POOL] [--seed N]\n');
  process.exit(2);
}

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;
const root = mkdtempSync(join(os.tmpdir(), 'faultline-demo-bench-'));
try {
  const loadBefore = os.loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const outcome = await createDemoProject(join(root, 'demo'), { seed, sizes: { train: train!, test: test!, pool: pool! } });
  const totalSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const loadAfter = os.loadavg()[0]!;

  // Baseline: session.run alone over pool images decoded beforehand, per model.
  const project = openProjectDb(outcome.projectDir);
  let rawPassSeconds = 0;
  const perModel: Record<string, number> = {};
  try {
    const fileOf = imageFileReader(project.db);
    const sample = poolImages(project.db).slice(0, SAMPLE);
    const pixels: Uint8Array[] = [];
    for (const image of sample) {
      const { data } = await sharp(join(outcome.projectDir, fileOf(image.id)!.relPath)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      pixels.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
    }
    for (const model of loadModels(project.db)) {
      const { width, height, scale, mean, std, tensorName } = model.card.input;
      const session = await createCpuSession(await modelBytes(outcome.projectDir, model));
      const input = new Float32Array(3 * width * height);
      let seconds = 0;
      for (const rgb of pixels) {
        rgbToNchw(rgb, width * height, { scale, mean: [mean[0]!, mean[1]!, mean[2]!], std: [std[0]!, std[1]!, std[2]!] }, input);
        const t = performance.now();
        await runNchw(session, tensorName, model.card.output.tensorName, input, [1, 3, height, width]);
        seconds += (performance.now() - t) / 1000;
      }
      await session.release();
      perModel[model.name] = round((seconds / pixels.length) * 1000, 3);
      rawPassSeconds += (seconds / pixels.length) * outcome.images;
    }
  } finally {
    project.close();
  }

  console.log(
    JSON.stringify(
      {
        bench: 'demoBuild',
        conditions: {
          cpus: os.availableParallelism(),
          cpuModel: os.cpus()[0]?.model ?? 'unknown',
          node: process.version,
          loadAverage1min: { before: round(loadBefore), after: round(loadAfter) },
          sizes: { train, test, pool, images: outcome.images },
          seed,
        },
        totalSeconds: round(totalSeconds),
        cpuSeconds: round((cpu.user + cpu.system) / 1e6),
        stageSeconds: outcome.seconds,
        baseline: {
          what: `session.run alone, one thread, of every model over every image (extrapolated from ${SAMPLE} pool images)`,
          rawPassSeconds: round(rawPassSeconds),
          msPerImage: perModel,
        },
        ratios: {
          totalToRawPass: round(totalSeconds / rawPassSeconds),
          inferenceToRawPass: round((outcome.seconds.inference ?? 0) / rawPassSeconds),
          worldToRawPass: round((outcome.seconds.world ?? 0) / rawPassSeconds),
        },
        models: outcome.models,
      },
      null,
      1,
    ),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
