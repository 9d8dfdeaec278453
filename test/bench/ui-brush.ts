/**
 * Brush latency of the mask editor on a 4096×4096 image, in real Chromium through the server
 * host: pointer event → the animation frame that uploaded and drew it (P50/P95), with and without
 * forcing the GPU to finish (a 1-pixel readPixels), against the frame period measured in the same
 * run (the wait for the next frame bounds any such latency); memory per open image; and WebGL
 * calls per brush frame counted with spectorjs on a short and a long stroke (they must not grow
 * with stroke length). Prints one JSON object.
 * Needs the built app: PATH=/work/main/node_modules/.bin:$PATH npm run build
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/ui-brush.ts
 */
import { chromium, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.js';
import { createClient } from '../../shared/client/createClient.js';
import { startServeProcess } from '../helpers/runCliProcess.js';
import { seedProject } from '../helpers/seedProject.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';

const SIZE = 4096;
const BRUSH = 64;
const SHORT_EVENTS = 24;
const LONG_EVENTS = 1500;
const EVENT_INTERVAL_MS = 8;

interface LatencyState {
  active: boolean;
  sync: boolean;
  samples: number[];
}
interface SpectorCommand {
  name: string;
}
interface SpectorCapture {
  commands: SpectorCommand[];
}
type BenchWindow = Window & {
  __FAULTLINE_TEST_HOOKS__?: boolean;
  faultlineEditorProbe?: EditorProbe;
  __latency?: LatencyState;
  __capture?: Promise<SpectorCapture>;
  SPECTOR?: { Spector: new () => { onCapture: { add(fn: (c: SpectorCapture) => void): void }; captureCanvas(c: HTMLCanvasElement, n: number, quick: boolean): void } };
};

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN).toFixed(2);
}

function summary(xs: number[]) {
  return { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), max: percentile(xs, 100) };
}

function streetLikeRgb(size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      const road = y > size * 0.6;
      rgb[o] = road ? 90 : 110 + ((x >> 6) & 31);
      rgb[o + 1] = road ? 90 : 150 - ((y >> 7) & 15);
      rgb[o + 2] = road ? 100 : 200;
    }
  }
  return rgb;
}

/** Records, for every pointer move with the button down, the time to the animation frame after it. */
async function installLatencyProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as BenchWindow;
    const state: LatencyState = { active: false, sync: false, samples: [] };
    w.__latency = state;
    const pixel = new Uint8Array(4);
    // Bubble phase on window: runs after the editor's own handler, so this frame callback is queued after its draw.
    window.addEventListener('pointermove', (e) => {
      if (!state.active) return;
      const t0 = e.timeStamp;
      requestAnimationFrame(() => {
        if (state.sync) {
          const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="mask-canvas"]');
          const gl = canvas?.getContext('webgl2');
          gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
        }
        state.samples.push(performance.now() - t0);
      });
    });
  });
}

async function latencyRun(
  page: Page,
  points: Array<{ x: number; y: number }>,
  opts: { sync: boolean; buttonDown: boolean; release?: boolean },
): Promise<number[]> {
  await page.evaluate(({ sync }) => {
    const s = (window as BenchWindow).__latency!;
    s.samples = [];
    s.sync = sync;
    s.active = true;
  }, opts);
  await page.mouse.move(points[0]!.x, points[0]!.y);
  if (opts.buttonDown) await page.mouse.down();
  let last = performance.now();
  for (const p of points.slice(1)) {
    const wait = EVENT_INTERVAL_MS - (performance.now() - last);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    last = performance.now();
    await page.mouse.move(p.x, p.y);
  }
  if (opts.buttonDown && opts.release !== false) await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const s = (window as BenchWindow).__latency!;
    s.active = false;
    return s.samples;
  });
}

/** A zigzag across the image, in client coordinates, `count` events long. */
async function zigzag(page: Page, count: number, phase: number): Promise<Array<{ x: number; y: number }>> {
  const image = Array.from({ length: count }, (_, i) => {
    const t = i / 60;
    return { x: 200 + ((i * 37) % 3600), y: 300 + 3400 * (0.5 + 0.5 * Math.sin(t + phase)) };
  });
  return page.evaluate((pts) => pts.map((p) => (window as BenchWindow).faultlineEditorProbe!.clientPoint(p.x, p.y)), image);
}

async function heap(page: Page): Promise<{ usedJsHeap: number; arrayBuffers: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number };
  await cdp.detach();
  return { usedJsHeap: usage.usedSize, arrayBuffers: usage.backingStorageSize ?? 0 };
}

/** Spector capture of the next frame that has WebGL work while a stroke goes on; returns the command names. */
async function captureBrushFrame(page: Page, points: Array<{ x: number; y: number }>): Promise<string[]> {
  await page.evaluate(() => {
    const w = window as BenchWindow;
    const spector = new w.SPECTOR!.Spector();
    w.__capture = new Promise((resolve) => spector.onCapture.add(resolve));
    spector.captureCanvas(document.querySelector<HTMLCanvasElement>('[data-testid="mask-canvas"]')!, 0, true);
  });
  for (const p of points) {
    await page.mouse.move(p.x, p.y);
    await new Promise((r) => setTimeout(r, EVENT_INTERVAL_MS));
  }
  return page.evaluate(async () => (await (window as BenchWindow).__capture!).commands.map((c) => c.name));
}

function histogram(names: string[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const n of names) h[n] = (h[n] ?? 0) + 1;
  return h;
}

async function main(): Promise<void> {
  const temp = makeTempDir('faultline-bench-brush-');
  const dir = join(temp.dir, 'project');
  const t0 = performance.now();
  await seedProject(dir, {
    name: 'Brush bench',
    classes: [
      { id: 0, name: 'road', color: '#804080' },
      { id: 1, name: 'car', color: '#0000ff' },
    ],
    images: [{ relPath: 'images/big.png', width: SIZE, height: SIZE, rgb: streetLikeRgb(SIZE) }],
  });
  const seedMs = performance.now() - t0;
  const server = await startServeProcess([], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') });
  const browser = await chromium.launch({ executablePath: process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const spectorSource = readFileSync(createRequire(import.meta.url).resolve('spectorjs/dist/spector.bundle.js'), 'utf8');
    await context.addInitScript(() => {
      (window as BenchWindow).__FAULTLINE_TEST_HOOKS__ = true;
      localStorage.setItem('faultline.annotator', 'Bench');
    });
    const page = await context.newPage();
    await page.goto(server.url);
    const openForm = page.getByTestId('open-form');
    await openForm.getByLabel('Project folder').fill(dir);
    await openForm.getByRole('button', { name: 'Open project' }).click();
    await page.getByTestId('nav-editor').click();
    await page.getByTestId('label-1').waitFor();
    await installLatencyProbe(page);
    // Evaluated rather than added as a <script>: the app's CSP refuses inline scripts, not evaluation
    // through the DevTools protocol. (As an init script it fails: it needs document.head.)
    await page.evaluate(spectorSource);

    const before = await heap(page);
    const openStart = performance.now();
    await page.getByTestId('label-1').click();
    await page.waitForFunction(() => (window as BenchWindow).faultlineEditorProbe?.imageId === 1, null, { timeout: 60_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const openMs = performance.now() - openStart;
    const opened = await heap(page);
    const glInfo = await page.evaluate(() => {
      const gl = document.querySelector<HTMLCanvasElement>('[data-testid="mask-canvas"]')!.getContext('webgl2')!;
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      return {
        renderer: String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)),
        canvas: `${gl.drawingBufferWidth}×${gl.drawingBufferHeight}`,
        devicePixelRatio: window.devicePixelRatio,
      };
    });
    const scale = (await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.view().scale)) as number;
    await page.getByTestId('brush-size').waitFor();
    while ((await page.getByTestId('brush-size').textContent()) !== `${BRUSH} px`) await page.keyboard.press(']');

    // Short stroke, with a Spector capture of one of its frames.
    const shortPoints = await zigzag(page, SHORT_EVENTS, 0);
    await page.mouse.move(shortPoints[0]!.x, shortPoints[0]!.y);
    await page.mouse.down();
    const shortCalls = await captureBrushFrame(page, shortPoints.slice(1, 12));
    await page.mouse.up();

    // References in the same run: the frame period (the wait for the next frame bounds any rAF-measured
    // latency), and the same pointer moves without the button (only the brush outline is redrawn).
    const frameIntervals = await page.evaluate(async () => {
      const times: number[] = [];
      for (let i = 0; i < 121; i++) times.push(await new Promise<number>((resolve) => requestAnimationFrame(resolve)));
      return times.slice(1).map((t, i) => t - times[i]!);
    });
    const hover = await latencyRun(page, await zigzag(page, 300, 3), { sync: false, buttonDown: false });

    // Long stroke: latency over its events, then, button still down, a Spector capture of a frame at its end.
    const longPoints = await zigzag(page, LONG_EVENTS + 12, 1);
    const statsBefore = await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.stats());
    const brush = await latencyRun(page, longPoints.slice(0, LONG_EVENTS), { sync: false, buttonDown: true, release: false });
    const statsAfter = await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.stats());
    const longCalls = await captureBrushFrame(page, longPoints.slice(LONG_EVENTS));
    await page.mouse.up();
    const saveStart = performance.now();
    await page.getByTestId('draft-status').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
    const draftSavedMs = performance.now() - saveStart;
    const { origin, searchParams } = new URL(server.url);
    const ws = await connectWsTransport(origin, searchParams.get('token')!);
    const draft = await createClient(ws).call('annotations.loadMask', { kind: 'draft', imageId: 1, authorId: 1 });
    ws.close();

    const synced = await latencyRun(page, await zigzag(page, 300, 2), { sync: true, buttonDown: true });
    const memory = await page.evaluate(() => (window as BenchWindow).faultlineEditorProbe!.memory());
    const after = await heap(page);
    const frames = statsAfter.frames - statsBefore.frames;
    const shortCount = shortCalls.length;
    const longCount = longCalls.length;

    const result = {
      bench: 'ui-brush',
      conditions: {
        os: `${os.type()} ${os.release()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        loadAverage1m: +(os.loadavg()[0] ?? 0).toFixed(2),
        node: process.version,
        chromium: browser.version(),
        headless: true,
        webglRenderer: glInfo.renderer,
        gpu: /swiftshader/i.test(glInfo.renderer) ? 'none: software GL (SwiftShader), --disable-gpu' : 'hardware',
        viewport: '1280×800',
        drawingBuffer: glInfo.canvas,
        devicePixelRatio: glInfo.devicePixelRatio,
        image: `${SIZE}×${SIZE}`,
        brushDiameterPx: BRUSH,
        viewScale: +scale.toFixed(4),
        pointerEventIntervalMs: EVENT_INTERVAL_MS,
        longStrokeEvents: LONG_EVENTS,
        measure:
          'PointerEvent.timeStamp → requestAnimationFrame callback queued after the editor’s upload+draw in the same frame; includes the wait for the next frame (60 Hz: up to 16.7 ms)',
      },
      seedMs: Math.round(seedMs),
      openImageMs: Math.round(openMs),
      latencyMs: {
        brush: summary(brush),
        brushWithGpuFinish: summary(synced),
        hoverOutlineOnly: summary(hover),
        frameInterval: summary(frameIntervals),
        brushP95OverFrameInterval: +(percentile(brush, 95) / Math.max(percentile(frameIntervals, 50), 0.01)).toFixed(2),
        targetP95: 16,
        meetsTarget: percentile(brush, 95) <= 16,
      },
      frames: {
        drawn: frames,
        uploadsPerFrame: +((statsAfter.uploads - statsBefore.uploads) / Math.max(frames, 1)).toFixed(2),
        uploadedPixelsPerFrame: Math.round((statsAfter.uploadedPixels - statsBefore.uploadedPixels) / Math.max(frames, 1)),
        mainThreadFrameMs: +((statsAfter.frameMs - statsBefore.frameMs) / Math.max(frames, 1)).toFixed(3),
        paintMsPerFrame: +((statsAfter.paintMs - statsBefore.paintMs) / Math.max(frames, 1)).toFixed(3),
      },
      memoryPerOpenImage: {
        labelMapBytes: memory.labelBytes,
        maskTextureBytes: memory.gpuBytes,
        historyBytesAfterStrokes: memory.historyBytes,
        jsHeapDeltaOnOpen: opened.usedJsHeap - before.usedJsHeap,
        arrayBufferDeltaOnOpen: opened.arrayBuffers - before.arrayBuffers,
        arrayBufferDeltaAfterStrokes: after.arrayBuffers - before.arrayBuffers,
        note: 'the decoded <img> (4096×4096 RGBA ≈ 64 MiB) lives in Chromium’s image cache and is not counted here',
      },
      draftSaveAfterStrokeMs: Math.round(draftSavedMs),
      draftPayload: { base64Chars: draft.data.length, rawBytes: SIZE * SIZE, ratio: +(draft.data.length / (SIZE * SIZE)).toFixed(4) },
      webglCallsPerBrushFrame: {
        shortStroke: { afterEvents: 12, count: shortCount, calls: histogram(shortCalls) },
        longStroke: { afterEvents: LONG_EVENTS, count: longCount, calls: histogram(longCalls) },
        growsWithStrokeLength: longCount > shortCount,
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await server.stop();
    temp.cleanup();
  }
}

await main();
