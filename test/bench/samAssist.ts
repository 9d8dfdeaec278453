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
 * The clicks run twice: with nothing else to do, and right after switching to a SAM ViT-B-shaped
 * encoder, while it prefetches the queue's next images behind them (--no-prefetch skips that);
 * each time back to back (the next click the moment a preview is painted) and at a quick
 * annotator's pace (--pace ms between seeing a preview and the next click).
 * --image WxH sets the Chromium part's image size (default 1920x1080; 4000x3000 is a 12 MP photo,
 * whose large objects preview at lower resolution).
 * Run: npm run bench -- samAssist [--threads 2] [--clicks 40] [--pace 300] [--image 1920x1080] [--no-vitb] [--no-chromium] [--no-prefetch]
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { assistFrame, maskFromLowRes, wholeInput } from '../../shared/assist/assistFrame.js';
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
/** A quick annotator's pause between seeing a preview and the next click (ms): the paced runs' condition. */
const PACE = option('--pace', 300);
const imageAt = args.indexOf('--image');
const [IMAGE_W, IMAGE_H] = (imageAt >= 0 ? args[imageAt + 1]! : '1920x1080').split('x').map(Number) as [number, number];
if (!(IMAGE_W >= 64 && IMAGE_H >= 64)) throw new Error(`--image takes WxH of at least 64x64, got '${args[imageAt + 1]}'`);

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
    maskFromLowRes(wholeInput(r.low_res_masks!.data as Float32Array, 256, 256, frame), frame, out);
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

type BenchWindow = Window & { __FAULTLINE_TEST_HOOKS__?: boolean; faultlineEditorProbe?: EditorProbe; __downAt?: number; __keyAt?: number };

/** One image of W × H: a bright left part and a dark right part, split at `split` (distinct images, distinct embeddings). */
function halves(width: number, height: number, split: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.fill(i % width < split ? 200 : 40, 3 * i, 3 * i + 3);
  return rgb;
}

function writeAssistModel(dir: string, name: string, family: string, encoder: Uint8Array): void {
  const modelDir = join(dir, 'models', name);
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'encoder.onnx'), encoder);
  writeFileSync(join(modelDir, 'decoder.onnx'), samShapedDecoder().bytes);
  writeFileSync(join(modelDir, 'assist.json'), JSON.stringify({ cardVersion: 1, format: 'sam', family, licence: 'none', encoder: 'encoder.onnx', decoder: 'decoder.onnx' }));
}

/** CPU seconds each process (by its role) used, from /proc: who took the cores while clicks were timed. Linux only. */
function cpuByProcess(): Map<string, number> {
  const used = new Map<string, number>();
  if (process.platform !== 'linux') return used;
  const tick = 1 / 100;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const role = cmd.includes('chromium')
        ? `chromium ${/--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser'}`
        : cmd.includes('assistWorker')
          ? 'faultline assist encoder (its own process)'
          : cmd.includes('serve') && cmd.includes('faultline')
            ? 'faultline server (core, assist decoder)'
            : 'other';
      used.set(role, (used.get(role) ?? 0) + (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // A process that ended between the listing and the read used nothing more.
    }
  }
  return used;
}

const CHEAP = 'a-sam-shaped';
const VITB = 'b-vit-b-shaped';

async function chromiumFigures() {
  const temp = makeTempDir('faultline-bench-sam-');
  const dir = join(temp.dir, 'project');
  const W = IMAGE_W;
  const H = IMAGE_H;
  const images = [W / 2, W / 3, (2 * W) / 3, W / 4].map((split, i) => ({ relPath: `images/hd-${i + 1}.png`, width: W, height: H, rgb: halves(W, H, split) }));
  await seedProject(dir, { name: 'Assist bench', classes: [{ id: 0, name: 'thing', color: '#ff8800' }], images });
  writeAssistModel(dir, CHEAP, 'SAM-shaped decoder, cheap encoder (random)', cheapSamEncoder());
  const prefetching = !args.includes('--no-prefetch');
  if (prefetching) writeAssistModel(dir, VITB, 'SAM ViT-B-shaped (random)', vitEncoder(VIT_B_SHAPE).bytes);
  const server = await startServeProcess([], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') });
  const browser = await chromium.launch({ executablePath: process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      (window as BenchWindow).__FAULTLINE_TEST_HOOKS__ = true;
      localStorage.setItem('faultline.annotator', 'Bench');
      window.addEventListener('pointerdown', (e) => ((window as BenchWindow).__downAt = e.timeStamp), { capture: true });
      window.addEventListener('keydown', (e) => ((window as BenchWindow).__keyAt = e.timeStamp), { capture: true });
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
    const idle = { ...(await bothPaces(page, W, H)), accept: await accepts(page, W, H) };
    if (!prefetching) return { image: `${W}×${H}`, firstEncodeMs: Math.round(encodeMs), idle };
    const vitStart = performance.now();
    await page.getByTestId('assist-model').selectOption(VITB);
    await page.getByTestId('assist-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 600_000 });
    const vitEncodeMs = performance.now() - vitStart;
    const busyStarted = performance.now();
    const busy = await bothPaces(page, W, H);
    return {
      image: `${W}×${H}`,
      firstEncodeMs: Math.round(encodeMs),
      idle,
      duringPrefetch: {
        ...busy,
        measures: `the same clicks right after a SAM ViT-B-shaped encoder (random weights) encoded the open image in ${Math.round(vitEncodeMs)} ms, while it encodes the ${images.length - 1} next images of the queue behind them (nice 10; its process is held still while clicks come and goes on after a second without one)`,
        allClicksDuringPrefetch: performance.now() - busyStarted < (images.length - 1) * vitEncodeMs * 0.9,
      },
    };
  } finally {
    await browser.close();
    await server.stop();
    temp.cleanup();
  }
}

/**
 * Clicks the point (hdX, hdY) of a full-HD image, placed on this width × height image as on that
 * one, and resolves once the click's preview is painted: waited for by a callback, not by polling,
 * which makes the page draw frames during the decode.
 */
async function clickUntilPainted(page: Page, hdX: number, hdY: number, width: number, height: number, button: 'left' | 'right'): Promise<void> {
  const before = await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.assistLatest().painted);
  const x = Math.round((hdX * width) / 1920);
  const y = Math.round((hdY * height) / 1080);
  const p = await page.evaluate(([ix, iy]) => (window as BenchWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x, y]);
  const painted = page.evaluate((n) => (window as BenchWindow).faultlineEditorProbe!.assistPaintedBeyond(n), before);
  await page.mouse.click(p.x, p.y, { button });
  await painted;
}

/** Objects accepted in the accept runs. */
const ACCEPTS = 10;

/**
 * ACCEPTS objects of one click each, accepted with Enter and undone: Enter → the label map holds
 * the mask (checked every frame). Above full HD, Enter fetches the object's whole mask first.
 */
async function accepts(page: Page, width: number, height: number) {
  const times: number[] = [];
  const stages: Record<string, number[]> = {};
  const add = (name: string, ms: number) => (stages[name] ??= []).push(ms);
  for (let i = 0; i < ACCEPTS; i++) {
    await page.keyboard.press('Escape');
    await clickUntilPainted(page, 300 + ((i * 373) % 1300), 200 + ((i * 211) % 650), width, height, 'left');
    const depth = await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.undoDepth());
    await page.keyboard.press('Enter');
    const acceptedAt = await page.waitForFunction((d) => (window as BenchWindow).faultlineEditorProbe!.undoDepth() > d && performance.now(), depth, { polling: 'raf', timeout: 60_000 });
    const seenAt = (await acceptedAt.jsonValue()) as number;
    const { keyAt, timing } = await page.evaluate(() => ({ keyAt: (window as BenchWindow).__keyAt!, timing: (window as BenchWindow).faultlineEditorProbe!.assistAcceptLatest()! }));
    times.push(seenAt - keyAt);
    add('1 Enter → accept called', timing.acceptedAt - keyAt);
    add('2 whole mask fetched (core and transport; 0 at full resolution)', timing.answeredAt - timing.acceptedAt);
    add('3 whole mask unpacked', timing.unpackedAt - timing.answeredAt);
    add('4 mask applied to the label map (one undo step)', timing.appliedAt - timing.unpackedAt);
    add('5 applied → seen at an animation frame', seenAt - timing.appliedAt);
    await page.keyboard.press('Control+z');
    await page.waitForFunction((d) => (window as BenchWindow).faultlineEditorProbe!.undoDepth() === d, depth);
  }
  return {
    enterToLabelMapMs: summary(times),
    stagesMs: Object.fromEntries(Object.entries(stages).map(([name, xs]) => [name, summary(xs)])),
    measures: 'Enter keydown → the accepted mask in the label map, seen at the next animation frame; one click per object, each undone after',
  };
}

/** The clicks back to back, then at a quick annotator's pace. */
async function bothPaces(page: Page, width: number, height: number) {
  return { backToBack: await clicks(page, 0, width, height), paced: await clicks(page, PACE, width, height) };
}

/**
 * CLICKS clicks (an object every five, one negative point each) on the open image, each timed
 * pointerdown → preview painted; each `pace` ms after the previous preview was painted (0: at once,
 * faster than anyone reacts, so the previous preview's display competes with the next decode).
 */
async function clicks(page: Page, pace: number, width: number, height: number) {
  const latencies: number[] = [];
  const stages: Record<string, number[]> = {};
  const add = (name: string, ms: number) => (stages[name] ??= []).push(ms);
  const perClick: Array<Record<string, number>> = [];
  const load = os.loadavg()[0]!;
  const cpuBefore = cpuByProcess();
  const started = performance.now();
  for (let i = 0; i < CLICKS; i++) {
    if (i % 5 === 0) await page.keyboard.press('Escape');
    if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace));
    await clickUntilPainted(page, 200 + ((i * 373) % 1500), 100 + ((i * 211) % 850), width, height, i % 5 === 3 ? 'right' : 'left');
    const { downAt, paintedAt, timing } = await page.evaluate(() => {
      const latest = (window as BenchWindow).faultlineEditorProbe!.assistLatest();
      return { downAt: (window as BenchWindow).__downAt!, paintedAt: latest.paintedAt, timing: latest.timing! };
    });
    latencies.push(paintedAt - downAt);
    const { stages: core } = timing;
    add('1 pointerdown → click handled', timing.clickedAt - downAt);
    add('2 prompt and seed built', timing.sentAt - timing.clickedAt);
    add('3 transport both ways (WebSocket, JSON, schemas)', timing.answeredAt - timing.sentAt - core.coreMs);
    add('4 core: waiting for the previous click', core.waitMs);
    add('5 core: embedding handed to the decoder', core.setImageMs);
    add('6 core: decoder session run', core.runMs);
    add('7 core: logits → preview mask (every pixel up to full HD, one per cell above)', core.maskMs);
    add('8 core: worker message hops', core.hopMs);
    add('9 core: mask packed for the wire', core.packMs);
    add('10 renderer: mask unpacked', timing.unpackedAt - timing.answeredAt);
    add('11 renderer: preview painted', paintedAt - timing.unpackedAt);
    perClick.push(Object.fromEntries(Object.entries(stages).map(([name, xs]) => [name.split(' ')[0]!, Math.round(xs[xs.length - 1]!)])));
  }
  const clicksWallMs = performance.now() - started;
  const cpuAfter = cpuByProcess();
  const cpuMsPerClick = Object.fromEntries(
    [...cpuAfter].map(([role, s]) => [role, +(((s - (cpuBefore.get(role) ?? 0)) * 1000) / CLICKS).toFixed(1)]).filter(([, ms]) => (ms as number) > 0.5),
  );
  return {
    paceMs: pace,
    loadAverageDuringClicks: [+load.toFixed(2), +os.loadavg()[0]!.toFixed(2)],
    clickToPreviewPaintedMs: summary(latencies),
    slowestClicks: latencies
      .map((ms, index) => ({ index, ms: Math.round(ms), stagesMs: perClick[index] }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5),
    stagesMs: Object.fromEntries(Object.entries(stages).map(([name, xs]) => [name, summary(xs)])),
    clicksWallMs: Math.round(clicksWallMs),
    cpuMsPerClick,
    measures: 'pointerdown timeStamp → the preview mask drawn on the overlay canvas (shown at the next frame); embedding cached; decoder of SAM’s shape with random weights (their masks are speckled, so packing, transport and unpacking cost more than for a real model’s few blobs)',
    goalP95Ms: 100,
    meetsGoal: percentile(latencies, 95) <= 100,
  };
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
      clickToPreviewOverDecoderRunP50: browser && +(browser.idle.backToBack.clickToPreviewPaintedMs.p50 / decoder.sessionRunMs.p50).toFixed(2),
    },
    null,
    2,
  )}\n`,
);
