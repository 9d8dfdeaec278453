/**
 * Image import speed and memory: N small generated JPEG/PNG files in nested folders are imported
 * into a fresh project (hash, header check, decode + thumbnail, copy/link, batched inserts), then
 * re-imported (every file a duplicate). The ceiling is sharp's decode + thumbnail alone on the
 * same files with the same concurrency, in the same run. Prints one JSON object.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/import.ts [N]   (default 2000)
 */
import { mkdirSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaultlineError } from '../../shared/contract/errors.js';
import { forEachBounded } from '../../electron/core/images/boundedPool.js';
import { decodeImage, THUMBNAIL_SIZE } from '../../electron/core/images/decodeImage.js';
import { DEFAULT_MAX_PIXELS } from '../../shared/images/imageLimits.js';
import { importImages } from '../../electron/core/images/importImages.js';
import { resolveImportRequest } from '../../electron/core/images/importRequest.js';
import { walkImageFiles } from '../../electron/core/images/walkImageFiles.js';
import type { JobContext } from '../../electron/core/jobs/jobRunner.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';

const N = Number(process.argv[2] ?? process.env.IMPORT_BENCH_N ?? 2000);
const WIDTH = 320;
const HEIGHT = 240;
const CONCURRENCY = 3;
const BATCH = 200;
const MB = 1024 * 1024;

/** Gradients with a seeded offset, compressing roughly like a photo. */
function pixels(seed: number): Buffer {
  const out = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      out[i] = (x + seed * 7) & 255;
      out[i + 1] = (y * 2 + seed * 13) & 255;
      out[i + 2] = ((x ^ y) + seed) & 255;
    }
  }
  // A bar code of the seed along the top rows keeps every file distinct.
  for (let bit = 0; bit < 16; bit++) {
    const v = (seed >> bit) & 1 ? 255 : 0;
    for (let y = 0; y < 8; y++) for (let x = bit * 8; x < bit * 8 + 8; x++) out.fill(v, (y * WIDTH + x) * 3, (y * WIDTH + x) * 3 + 3);
  }
  return out;
}

async function generate(root: string): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const dir = join(root, `cam${i % 10}`, `day${Math.floor(i / 100) % 20}`);
    mkdirSync(dir, { recursive: true });
    const image = sharp(pixels(i), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });
    const data = await (i % 4 === 3 ? image.png() : image.jpeg({ quality: 85 })).toBuffer();
    writeFileSync(join(dir, `img${i}.${i % 4 === 3 ? 'png' : 'jpg'}`), data);
    bytes += data.length;
  }
  return bytes;
}

function context(): JobContext {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    progress() {},
    throwIfCancelled() {
      if (controller.signal.aborted) throw new FaultlineError('cancelled', 'cancelled');
    },
  };
}

/** Peak resident set size sampled while `work` runs. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - t0) / 1000, peakRssMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / MB) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(os.tmpdir(), 'faultline-import-bench-'));
  try {
    const source = join(root, 'source');
    const sourceBytes = await generate(source);
    const project = createProjectDb(join(root, 'project'), 'bench');
    const request = resolveImportRequest(project.dir, { folder: source });
    const rssBeforeMb = Math.round(process.memoryUsage.rss() / MB);

    const ceiling = await withPeakRss(async () => {
      let n = 0;
      const files = walkImageFiles(source);
      await forEachBounded(files, CONCURRENCY, async (entry) => {
        if (entry.kind !== 'file') return;
        await decodeImage(await readFile(entry.path), { maxPixels: DEFAULT_MAX_PIXELS, thumbnailSize: THUMBNAIL_SIZE });
        n++;
      });
      return n;
    });

    const first = await withPeakRss(() => importImages(project, request, context(), { concurrency: CONCURRENCY, batchSize: BATCH }));
    const rerun = await withPeakRss(() => importImages(project, request, context(), { concurrency: CONCURRENCY, batchSize: BATCH }));
    project.close();

    const rate = (n: number, s: number) => Math.round(n / s);
    console.log(
      JSON.stringify(
        {
          benchmark: 'image import',
          machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
          conditions: {
            images: N,
            size: `${WIDTH}×${HEIGHT}`,
            mix: '3/4 JPEG q85, 1/4 PNG, 10×20 nested folders',
            sourceMb: +(sourceBytes / MB).toFixed(1),
            concurrency: CONCURRENCY,
            batchSize: BATCH,
            sharpThreads: sharp.concurrency(),
            uvThreadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
          },
          import: {
            imported: first.result.imported,
            failed: first.result.failed,
            seconds: +first.seconds.toFixed(2),
            imagesPerSec: rate(N, first.seconds),
            peakRssMb: first.peakRssMb,
            rssBeforeMb,
          },
          ceilingDecodeAndThumbnailOnly: { decoded: ceiling.result, seconds: +ceiling.seconds.toFixed(2), imagesPerSec: rate(N, ceiling.seconds), peakRssMb: ceiling.peakRssMb },
          importVsCeiling: +(ceiling.seconds / first.seconds).toFixed(2),
          rerunAllDuplicates: { duplicates: rerun.result.duplicates, seconds: +rerun.seconds.toFixed(2), imagesPerSec: rate(N, rerun.seconds), peakRssMb: rerun.peakRssMb },
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
