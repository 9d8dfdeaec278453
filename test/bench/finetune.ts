/**
 * In-app fine-tuning of the demo target (context-pyramid, fitted on ordinary daylight scenes) on
 * night counterexamples: wall time of one fine-tune split into feature extraction and the head
 * fit, against a ceiling measured in the same run (plain onnxruntime runs of the same model over
 * the same images, same thread count), and mIoU before and after on the images it was fitted on.
 * Prints one JSON object. Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/finetune.ts [TRAIN] [HARD]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { FaultlineError } from '../../shared/contract/errors.js';
import { planFinetune, runFinetune } from '../../electron/core/finetune/runFinetune.js';
import type { JobContext } from '../../electron/core/jobs/jobRunner.js';
import { DEMO_IMAGE_SIZE } from '../../models/demo/worldLayout.js';
import { rgbToNchw } from '../../models/onnx/preprocess.js';
import * as ort from 'onnxruntime-node';
import { demoMiou, seedFinetuneProject } from '../helpers/seedFinetuneProject.js';
import { makeTempDir } from '../helpers/tempDir.js';

const train = Number(process.argv[2] ?? 60);
const hard = Number(process.argv[3] ?? 20);
const temp = makeTempDir('faultline-bench-finetune-');
const threads = Math.max(1, os.availableParallelism() - 1);

try {
  const seeded = performance.now();
  const world = await seedFinetuneProject(join(temp.dir, 'p'), { train, hard, condition: 'night' });
  const seedSeconds = (performance.now() - seeded) / 1000;

  let fitStarted = 0;
  const controller = new AbortController();
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (_done, _total, message) => {
      if (fitStarted === 0 && message?.startsWith('Fitting')) fitStarted = performance.now();
    },
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new FaultlineError('cancelled', 'cancelled');
    },
  };
  const started = performance.now();
  const run = await runFinetune(world.project, planFinetune(world.project.db, { seed: 1 }), ctx);
  const ended = performance.now();

  // Ceiling: the same model over the same images, session.run alone (no decoding, labels or sampling).
  const { width, height } = DEMO_IMAGE_SIZE;
  const session = await ort.InferenceSession.create(world.bytes, { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 });
  const input = new Float32Array(3 * width * height);
  const images = [...world.oldImages, ...world.newImages];
  const ceilingStarted = performance.now();
  for (const image of images) {
    rgbToNchw(image.rgb, width * height, world.card.input, input);
    await session.run({ [world.card.input.tensorName]: new ort.Tensor('float32', input, [1, 3, height, width]) });
  }
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
  await session.release();

  const newBytes = new Uint8Array(readFileSync(join(world.project.dir, run.onnxRelPath)));
  const miou = {
    counterexamples: { before: await demoMiou(world.bytes, world.card, world.newImages), after: await demoMiou(newBytes, world.card, world.newImages) },
    s0: { before: await demoMiou(world.bytes, world.card, world.oldImages), after: await demoMiou(newBytes, world.card, world.oldImages) },
  };
  world.project.close();
  const extractSeconds = (fitStarted - started) / 1000;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'finetune',
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
        conditions: { model: 'context-pyramid (demo target)', imageSize: `${width}×${height}`, s0Images: train, counterexampleImages: hard, condition: 'night', threads, provider: run.provider },
        settings: { iterations: run.iterations, learningRate: run.learningRate, batchSize: run.batchSize, seed: run.seed },
        pixels: run.pixels,
        seconds: {
          seedWorld: round(seedSeconds),
          finetune: round((ended - started) / 1000),
          featureExtraction: round(extractSeconds),
          headFitAndRegister: round((ended - fitStarted) / 1000),
          ceilingSessionRuns: round(ceilingSeconds),
        },
        extractionOverCeiling: round(extractSeconds / ceilingSeconds),
        miou: {
          counterexamples: { before: round(miou.counterexamples.before), after: round(miou.counterexamples.after) },
          s0: { before: round(miou.s0.before), after: round(miou.s0.after) },
        },
        headPools: { before: run.before, after: run.after },
      },
      null,
      1,
    )}\n`,
  );
} finally {
  temp.cleanup();
}
