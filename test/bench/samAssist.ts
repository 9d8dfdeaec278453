/**
 * Click-to-segment costs on CPU: encoder time per image for random-weight stand-ins of a
 * MobileSAM-sized and a SAM ViT-B-shaped encoder, decoder time per click for a decoder of SAM's
 * shape with the official export's signature (and the worker's one-step resample of its logits to
 * a 1920×1080 image), and click → preview painted in Chromium through the server with that
 * decoder and a cached embedding, split into stages (the renderer's stamps and the core's own
 * `stages`), and its ratio to the decoder alone (opened as the assist worker opens it) in the same
 * run. Each CPU figure is also given against a plain MatMul's multiply-add rate measured in the
 * same run. Prints one JSON object.
 * Needs the built app for the Chromium part (npm run build).
 * Run: npm run bench -- samAssist [--threads 2] [--clicks 40] [--no-vitb] [--no-chromium]
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { assistFrame, maskFromLowRes } from '../../shared/assist/assistFrame.js';
import { ASSIST_ADAPTERS } from '../../electron/core/assist/assistAdapters.js';
import { assistThreads } from '../../electron/core/assist/assistService.js';
import { openSession } from '../../electron/core/inference/openSession.js';
import { onlyGraphOutputs } from '../../electron/core/models/graphOutputs.js';
import { GraphBuilder, serializeModel } from '../../models/onnx/graphBuilder.js';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.js';
import { MOBILE_SAM_SIZED_SHAPE, samShapedDecoder, VIT_B_SHAPE, vitEncoder } from '../fixtures/models/samShapedModels.js';
import { startServeProcess } from '../helpers/runCliProcess.js';
import { seedProject } from '../helpers/seedProject.js';
import { makeTempDir } from '../helpers/tempDir.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const THREADS = option('--threads', 2);
const CLICKS = option('--clicks', 40);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN).toFixed(1);
}
const summary = (xs: number[]) => ({ n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), max: percentile(xs, 100) });

function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

/** Multiply-adds per second of a 1024³ MatMul on the same threads: the machine's ceiling for dense layers. */
async function gemmRate(): Promise<number> {
  const g = new GraphBuilder('gemm');
  const a = g.input('a', [1024, 1024]);
  g.node('MatMul', [a, g.floatInitializer(new Float32Array(1024 * 1024).fill(0.001), [1024, 1024])], {}, 'c');
  g.output('c', [1024, 1024]);
  const s = await session(serializeModel(g.build({ producer: 'bench' })));
  const feeds = { a: new ort.Tensor('float32', new Float32Array(1024 * 1024).fill(1), [1024, 1024]) };
  await s.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t);
  }
  await s.release();
  return 1024 ** 3 / (percentile(times, 50) / 1000);
}

async function encoderFigures(name: string, shape: typeof VIT_B_SHAPE, runs: number, rate: number) {
  const built = vitEncoder(shape);
  const s = await session(built.bytes);
  const feeds = { image: new ort.Tensor('float32', new Float32Array(3 * 1024 * 1024).fill(0.1), [1, 3, 1024, 1024]) };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t);
  }
  await s.release();
  const ms = percentile(times, 50);
  return { name, shape, params: built.params, gmacs: +(built.macs / 1e9).toFixed(1), msPerImage: times.map((t) => Math.round(t)), overGemmCeiling: +(ms / ((built.macs / rate) * 1000)).toFixed(2) };
}

function decoderFeeds(points: number, withMask: boolean): Record<string, ort.Tensor> {
  const coords = new Float32Array(points * 2);
  for (let i = 0; i < coords.length; i++) coords[i] = (i * 379) % 1000;
  const labels = Float32Array.from({ length: points }, (_, i) => (i % 3 === 2 ? 0 : 1));
  return {
    image_embeddings: new ort.Tensor('float32', new Float32Array(256 * 4096).fill(0.01), [1, 256, 64, 64]),
    point_coords: new ort.Tensor('float32', coords, [1, points, 2]),
    point_labels: new ort.Tensor('float32', labels, [1, points]),
    mask_input: new ort.Tensor('float32', new Float32Array(65536), [1, 1, 256, 256]),
    has_mask_input: new ort.Tensor('float32', Float32Array.of(withMask ? 1 : 0), [1]),
    orig_im_size: new ort.Tensor('float32', Float32Array.of(576, 1024), [2]),
  };
}

/** One decoder graph's run per click and resampling, timed on the worker's threads with idle threads asleep. */
async function timeDecoder(bytes: Uint8Array, threads: number) {
  const { session: s } = await openSession({ modelBytes: bytes, candidates: ['cpu'], threads, idleThreadsSleep: true });
  for (let i = 0; i < 3; i++) await s.run(decoderFeeds(2, false));
  const run: number[] = [];
  const resample: number[] = [];
  const frame = assistFrame(1920, 1080, 'longest-side', 1024);
  const out = new Uint8Array(1920 * 1080);
  for (let i = 0; i < CLICKS; i++) {
    const t = performance.now();
    const r = await s.run(decoderFeeds(2 + (i % 5), i > 0));
    const t1 = performance.now();
    maskFromLowRes(r.low_res_masks!.data as Float32Array, 256, 256, frame, out);
    resample.push(performance.now() - t1);
    run.push(t1 - t);
  }
  await s.release();
  return { run: summary(run), resample: summary(resample) };
}

/**
 * The decoder alone, opened as the assist worker opens it (cut down to the outputs SAM's adapter
 * reads), and the whole exported graph with its upsampled 'masks' in the same run, alternating.
 */
async function decoderFigures() {
  const built = samShapedDecoder();
  const threads = assistThreads(os.availableParallelism()).decoder;
  const cut = onlyGraphOutputs(built.bytes, ASSIST_ADAPTERS.sam.decoderReads!);
  const asWorker = await timeDecoder(cut, threads);
  const whole = await timeDecoder(built.bytes, threads);
  return {
    params: built.params,
    threads,
    sessionRunMs: asWorker.run,
    resampleTo1920x1080Ms: asWorker.resample,
    wholeGraphSessionRunMs: whole.run,
    cutOverWholeP50: +(asWorker.run.p50 / whole.run.p50).toFixed(2),
  };
}

/** A cheap encoder with SAM's embedding shape, so the Chromium part times clicks, not encoding. */
function cheapSamEncoder(): Uint8Array {
  const g = new GraphBuilder('cheap-encoder');
  const x = g.input('image', [1, 3, 1024, 1024]);
  const pooled = g.node('AveragePool', [x], { kernel_shape: [16, 16], strides: [16, 16] });
  g.conv(pooled, { weight: new Float32Array(256 * 3).fill(0.1), dims: [256, 3, 1, 1] }, { output: 'image_embeddings' });
  g.output('image_embeddings', [1, 256, 64, 64]);
  return serializeModel(g.build({ producer: 'bench' }));
}

type BenchWindow = Window & { __FAULTLINE_TEST_HOOKS__?: boolean; faultlineEditorProbe?: EditorProbe; __downAt?: number };

async function chromiumFigures() {
  const temp = makeTempDir('faultline-bench-sam-');
  const dir = join(temp.dir, 'project');
  const W = 1920;
  const H = 1080;
  const rgb = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) rgb.fill((i % W) < W / 2 ? 200 : 40, 3 * i, 3 * i + 3);
  await seedProject(dir, { name: 'Assist bench', classes: [{ id: 0, name: 'thing', color: '#ff8800' }], images: [{ relPath: 'images/hd.png', width: W, height: H, rgb }] });
  const modelDir = join(dir, 'models', 'sam-shaped');
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'encoder.onnx'), cheapSamEncoder());
  writeFileSync(join(modelDir, 'decoder.onnx'), samShapedDecoder().bytes);
  writeFileSync(join(modelDir, 'assist.json'), JSON.stringify({ cardVersion: 1, format: 'sam', family: 'SAM-shaped (random)', licence: 'none', encoder: 'encoder.onnx', decoder: 'decoder.onnx' }));
  const server = await startServeProcess([], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') });
  const browser = await chromium.launch({ executablePath: process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      (window as BenchWindow).__FAULTLINE_TEST_HOOKS__ = true;
      localStorage.setItem('faultline.annotator', 'Bench');
      window.addEventListener('pointerdown', (e) => ((window as BenchWindow).__downAt = e.timeStamp), { capture: true });
    });
    const page: Page = await context.newPage();
    await page.goto(server.url);
    const openForm = page.getByTestId('open-form');
    await openForm.getByLabel('Project folder').fill(dir);
    await openForm.getByRole('button', { name: 'Open project' }).click();
    await page.getByTestId('nav-editor').click();
    await page.getByTestId('label-1').click();
    await page.waitForFunction(() => (window as BenchWindow).faultlineEditorProbe?.imageId === 1, null, { timeout: 60_000 });
    await page.keyboard.press('1');
    const encodeStart = performance.now();
    await page.keyboard.press('a');
    await page.getByTestId('assist-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
    const encodeMs = performance.now() - encodeStart;
    const latencies: number[] = [];
    const stages: Record<string, number[]> = {};
    const add = (name: string, ms: number) => (stages[name] ??= []).push(ms);
    const load = os.loadavg()[0]!;
    for (let i = 0; i < CLICKS; i++) {
      if (i % 5 === 0) await page.keyboard.press('Escape');
      const before = await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.assist().painted);
      const x = 200 + ((i * 373) % 1500);
      const y = 100 + ((i * 211) % 850);
      const p = await page.evaluate(([ix, iy]) => (window as BenchWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x, y]);
      await page.mouse.click(p.x, p.y, { button: i % 5 === 3 ? 'right' : 'left' });
      await page.waitForFunction((n) => (window as BenchWindow).faultlineEditorProbe!.assist().painted > n, before, { timeout: 30_000 });
      const { downAt, paintedAt, timing } = await page.evaluate(() => {
        const probe = (window as BenchWindow).faultlineEditorProbe!.assist();
        return { downAt: (window as BenchWindow).__downAt!, paintedAt: probe.paintedAt, timing: probe.timings[probe.timings.length - 1]! };
      });
      latencies.push(paintedAt - downAt);
      const { stages: core } = timing;
      add('1 pointerdown → click handled', timing.clickedAt - downAt);
      add('2 prompt and seed built', timing.sentAt - timing.clickedAt);
      add('3 transport both ways (WebSocket, JSON, schemas)', timing.answeredAt - timing.sentAt - core.coreMs);
      add('4 core: waiting for the previous click', core.waitMs);
      add('5 core: embedding handed to the decoder', core.setImageMs);
      add('6 core: decoder session run', core.runMs);
      add('7 core: logits → mask at image size, crop', core.maskMs);
      add('8 core: worker message hops', core.hopMs);
      add('9 core: mask packed for the wire', core.packMs);
      add('10 renderer: mask unpacked', timing.unpackedAt - timing.answeredAt);
      add('11 renderer: preview painted', paintedAt - timing.unpackedAt);
    }
    return {
      image: `${W}×${H}`,
      loadAverageDuringClicks: [+load.toFixed(2), +os.loadavg()[0]!.toFixed(2)],
      firstEncodeMs: Math.round(encodeMs),
      clickToPreviewPaintedMs: summary(latencies),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([name, xs]) => [name, summary(xs)])),
      measures: 'pointerdown timeStamp → the preview mask drawn on the overlay canvas (shown at the next frame); embedding cached; decoder of SAM’s shape with random weights',
      goalP95Ms: 100,
      meetsGoal: percentile(latencies, 95) <= 100,
    };
  } finally {
    await browser.close();
    await server.stop();
    temp.cleanup();
  }
}

const rate = await gemmRate();
const encoders = [await encoderFigures('MobileSAM-sized', MOBILE_SAM_SIZED_SHAPE, 3, rate)];
if (!args.includes('--no-vitb')) encoders.push(await encoderFigures('SAM ViT-B-shaped', VIT_B_SHAPE, 2, rate));
const decoder = await decoderFigures();
const browser = args.includes('--no-chromium') ? null : await chromiumFigures();
process.stdout.write(
  `${JSON.stringify(
    {
      conditions: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: os.loadavg().map((l) => +l.toFixed(2)), threads: THREADS, clicks: CLICKS, node: process.version, provider: 'cpu' },
      ceiling: { matmulGmacPerSecond: +(rate / 1e9).toFixed(2), note: 'overGemmCeiling = measured time ÷ (the graph’s multiply-adds at the MatMul rate); 1 = as fast as dense MatMul' },
      encoders,
      decoderPerClick: decoder,
      chromium: browser,
      clickToPreviewOverDecoderRunP50: browser && +(browser.clickToPreviewPaintedMs.p50 / decoder.sessionRunMs.p50).toFixed(2),
    },
    null,
    2,
  )}\n`,
);
