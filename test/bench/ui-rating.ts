/**
 * Rating queue latency in real Chromium through the server host: key press → the next candidate
 * painted (its image decoded and the animation frame after it), P50/P95 over 200 images of
 * 1024×768 with both overlays, against the frame period measured in the same run. Prints JSON.
 * Needs the built app (npm run build). Run: PATH=node_modules/.bin:$PATH tsx test/bench/ui-rating.ts
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { MiningParams } from '../../shared/mining/miningParams.js';
import { sendToRating } from '../../electron/core/mining/candidateSetStore.js';
import { runMining } from '../../electron/core/mining/runMining.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.js';
import { startServeProcess } from '../helpers/runCliProcess.js';
import { seedClasses, seedImage, seedModel, seedPrediction } from '../helpers/seedPredictions.js';
import { makeTempDir } from '../helpers/tempDir.js';

const IMAGES = 200;
const W = 1024;
const H = 768;

type BenchWindow = Window & { __t0?: number; __latency?: number[] };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN).toFixed(2);
}

const temp = makeTempDir('faultline-bench-rating-');
const dir = join(temp.dir, 'project');
const project = createProjectDb(dir, 'Rating bench');
const { db } = project;
seedClasses(db, ['background', 'road', 'car']);
mkdirSync(join(dir, 'images'));
const target = seedModel(db, 'target', true);
const rival = seedModel(db, 'rival');
for (let i = 0; i < IMAGES; i++) {
  const hash = `img-${i}`;
  await sharp({ create: { width: W, height: H, channels: 3, background: { r: (i * 37) % 255, g: 120, b: 90 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 85 })
    .toFile(join(dir, 'images', `${hash}.png`));
  const id = seedImage(db, { hash, split: 'pool', width: W, height: H });
  const map = new Uint8Array(W * H).fill(1);
  map.fill(2, 0, ((i % 7) + 2) * 40 * W);
  const other = new Uint8Array(W * H).fill(1);
  other.fill(2, 0, ((i % 5) + 1) * 60 * W);
  seedPrediction(db, id, target, map, 3);
  seedPrediction(db, id, rival, other, 3);
}
const mined = await runMining(db, { targetId: target, competitorIds: [rival], params: MiningParams.parse({ n3: IMAGES, constraint: { mode: 'off' } }) });
sendToRating(db, mined.setId);
project.close();

const served = await startServeProcess(['--project', dir], { ...process.env, FAULTLINE_HOME: join(temp.dir, 'home') });
const browser = await chromium.launch({ executablePath: process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // tsx names functions through a helper the page does not have; give it one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(() => {
    // Registered before the app's own key handling, which stops the event from going further.
    window.addEventListener('keydown', () => ((window as BenchWindow).__t0 = performance.now()), true);
    localStorage.setItem('faultline.rater', 'Bench');
    sessionStorage.setItem('faultline.view', 'rating');
  });
  await page.goto(served.url);
  await page.getByTestId('rating-position').waitFor();
  const frame = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const times: number[] = [];
        const tick = (t: number) => {
          times.push(t);
          if (times.length < 61) requestAnimationFrame(tick);
          else resolve((times[60]! - times[0]!) / 60);
        };
        requestAnimationFrame(tick);
      }),
  );
  await page.evaluate(() => {
    const w = window as BenchWindow;
    w.__latency = [];
    const queue = document.querySelector('[data-testid="rating-queue"]')!;
    new MutationObserver(async (records) => {
      const img = records.map((r) => r.target).find((t): t is HTMLImageElement => t instanceof HTMLImageElement && t.closest('[data-testid="rating-target"]') !== null);
      if (!img || w.__t0 === undefined) return;
      const t0 = w.__t0;
      w.__t0 = undefined;
      await img.decode().catch(() => undefined);
      requestAnimationFrame(() => w.__latency!.push(performance.now() - t0));
    }).observe(queue, { attributes: true, attributeFilter: ['src'], subtree: true });
  });
  const total = await page.evaluate(() => Number(/of (\d+)/.exec(document.querySelector('[data-testid="rating-position"]')!.textContent ?? '')?.[1]));
  const presses = Math.min(IMAGES, total) - 1;
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('3');
    await page.waitForFunction((n) => ((window as BenchWindow).__latency?.length ?? 0) > n, i);
  }
  const latency = await page.evaluate(() => (window as BenchWindow).__latency!);
  console.log(
    JSON.stringify(
      {
        benchmark: 'ui-rating',
        conditions: {
          cpus: os.cpus().length,
          cpu: os.cpus()[0]?.model,
          node: process.version,
          browser: `Chromium ${browser.version()} headless, --disable-gpu`,
          images: total,
          imageSize: `${W}x${H} JPEG`,
          overlays: 'target + competitor label maps',
          prefetch: 5,
        },
        framePeriodMs: +frame.toFixed(2),
        keyToNextImagePaintedMs: { n: latency.length, p50: percentile(latency, 50), p95: percentile(latency, 95), max: percentile(latency, 100) },
        p95InFrames: +(percentile(latency, 95) / frame).toFixed(2),
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await served.stop();
  temp.cleanup();
}
