/**
 * Editor geometry on a 4096×4096 label map: polygon fill, bucket fill, brush strokes, connected
 * components and COCO RLE, each against two ceilings measured in the same run: a memset of the
 * whole map (Uint8Array.fill) and a JS loop that only reads and sums every byte. Prints one JSON
 * object. Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/geometry.ts
 */
import os from 'node:os';
import { strokeSegment } from '../../shared/geometry/brush.js';
import { labelComponents } from '../../shared/geometry/connectedComponents.js';
import { floodFill } from '../../shared/geometry/floodFill.js';
import { fillPolygon } from '../../shared/geometry/rasterizePolygon.js';
import { decodeRle, encodeCompressedRle, encodeRle } from '../../shared/geometry/rle.js';

const W = 4096;
const H = 4096;
const MP = (W * H) / 1e6;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Median and best wall time (ms) of `reps` runs after one warm-up; `setup` runs untimed before each. */
function time(fn: () => unknown, reps: number, setup: () => void = () => {}): { medianMs: number; bestMs: number } {
  setup();
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    setup();
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { medianMs: +(ts[Math.floor(ts.length / 2)] as number).toFixed(2), bestMs: +(ts[0] as number).toFixed(2) };
}

function byteSum(a: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
}

/** 32×32-pixel blocks of 20 classes: a stand-in for a predicted map with many regions. */
function blockMap(): Uint8Array {
  const rand = lcg(1);
  const cell = 32;
  const gw = W / cell;
  const grid = Uint8Array.from({ length: gw * (H / cell) }, () => Math.floor(rand() * 20));
  const m = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) m[y * W + x] = grid[(y >> 5) * gw + (x >> 5)] as number;
  return m;
}

const labels = new Uint8Array(W * H);
const memset = time(() => labels.fill(3), 9);
const readSum = time(() => byteSum(labels), 9);
const ceiling = { memsetMs: memset.medianMs, byteSumMs: readSum.medianMs };
const vsSum = (ms: number) => +(ms / readSum.medianMs).toFixed(2);

const circle: number[] = [];
for (let i = 0; i < 256; i++) {
  const a = (2 * Math.PI * i) / 256;
  circle.push(W / 2 + 0.48 * W * Math.cos(a), H / 2 + 0.48 * H * Math.sin(a));
}
const rand = lcg(2);
const star: number[] = [];
for (let i = 0; i < 4000; i++) {
  const a = (2 * Math.PI * i) / 4000;
  const r = (0.2 + 0.28 * rand()) * W;
  star.push(W / 2 + r * Math.cos(a), H / 2 + r * Math.sin(a));
}
const polygonCircle = time(() => fillPolygon(labels, W, H, circle, 1), 9);
const polygonJagged = time(() => fillPolygon(labels, W, H, star, 2), 9);

const floodWhole = time(() => floodFill(labels, W, H, 0, 0, 1), 5, () => labels.fill(0));
// Serpentine corridor: one region, but only one row's width per span, so the seed stack works hardest.
const maze = new Uint8Array(W * H);
for (let y = 1; y < H; y += 2) {
  maze.fill(1, y * W, (y + 1) * W);
  maze[y * W + ((y >> 1) % 2 === 0 ? W - 1 : 0)] = 0;
}
const mazeWork = new Uint8Array(W * H);
const floodMaze = time(() => floodFill(mazeWork, W, H, 0, 0, 2), 5, () => mazeWork.set(maze));
// The usual click: one 32×32 region of a map of many regions.
const blocks = blockMap();
const floodBlocks = time(() => floodFill(mazeWork, W, H, 0, 0, 77), 5, () => mazeWork.set(blocks));

const strokePoints: number[] = [];
for (let i = 0; i <= 1000; i++) strokePoints.push(W / 2 + 0.45 * W * Math.cos(i / 40) * Math.sin(i / 300), H / 2 + 0.45 * H * Math.sin(i / 53));
const stroke = (radius: number) => () => {
  for (let i = 0; i + 3 < strokePoints.length; i += 2) {
    strokeSegment(labels, W, H, strokePoints[i] as number, strokePoints[i + 1] as number, strokePoints[i + 2] as number, strokePoints[i + 3] as number, radius, 4);
  }
};
const brush4 = time(stroke(4), 9);
const brush64 = time(stroke(64), 9);

const out = new Int32Array(W * H);
const cc4 = time(() => labelComponents(blocks, W, H, { connectivity: 4, out }), 5);
const cc8 = time(() => labelComponents(blocks, W, H, { connectivity: 8, out }), 5);
const noise = new Uint8Array(W * H);
const nr = lcg(3);
for (let i = 0; i < noise.length; i++) noise[i] = nr() < 0.5 ? 1 : 0;
const ccNoise = time(() => labelComponents(noise, W, H, { connectivity: 4, out }), 3);
const noiseCount = labelComponents(noise, W, H, { connectivity: 4, out }).count;

const mask = new Uint8Array(W * H);
fillPolygon(mask, W, H, circle, 1);
fillPolygon(mask, W, H, star, 0);
const rle = encodeRle(mask, W, H);
const rleEncode = time(() => encodeRle(mask, W, H), 5);
const rleEncodeCompressed = time(() => encodeCompressedRle(mask, W, H), 5);
const rleDecode = time(() => decodeRle(rle), 5);

const row = (t: { medianMs: number; bestMs: number }) => ({ ...t, ratioToByteSum: vsSum(t.medianMs) });
console.log(
  JSON.stringify(
    {
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
      size: { width: W, height: H, megapixels: +MP.toFixed(2) },
      threads: 1,
      ceiling,
      fillPolygon: {
        circle256Vertices: { ...row(polygonCircle), pixels: Math.round(Math.PI * (0.48 * W) ** 2) },
        jagged4000Vertices: row(polygonJagged),
      },
      floodFill: {
        wholeEmptyMap: { ...row(floodWhole), ratioToMemset: +(floodWhole.medianMs / memset.medianMs).toFixed(2) },
        serpentineCorridor: row(floodMaze),
        oneBlockOf32x32Blocks: row(floodBlocks),
      },
      brush: { segments: 500, radius4: row(brush4), radius64: row(brush64) },
      connectedComponents: {
        blocks20Classes4conn: row(cc4),
        blocks20Classes8conn: row(cc8),
        binaryNoise4conn: { ...row(ccNoise), components: noiseCount },
      },
      rle: { runs: rle.counts.length, encode: row(rleEncode), encodeCompressed: row(rleEncodeCompressed), decode: row(rleDecode) },
    },
    null,
    2,
  ),
);
