/**
 * Mining speed: the per-image confusion-matrix kernel (run for every pool image and model pair)
 * against a byte-sum ceiling over the same arrays, and MAD selection on a 100 000-image pool
 * against a plain read of the same statistics. Prints one JSON object.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/mining.ts
 */
import os from 'node:os';
import { selectBaseline } from '../../shared/mining/baselines.js';
import { confusionMatrix } from '../../shared/mining/confusionMatrix.js';
import { ClassAreaAccumulator, quartileBounds } from '../../shared/mining/contentConstraint.js';
import { discrepancy } from '../../shared/mining/discrepancy.js';
import { mulberry32 } from '../../shared/mining/prng.js';
import { selectCandidates, type MiningPoolStats, type SparseClassFractions } from '../../shared/mining/selectCandidates.js';

const WIDTH = 2048;
const HEIGHT = 1024;
const NUM_CLASSES = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median and best wall time (ms) of `reps` runs after `warmup` runs. */
function time(fn: () => unknown, warmup: number, reps: number): { medianMs: number; bestMs: number } {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return { medianMs: +median(ts).toFixed(2), bestMs: +Math.min(...ts).toFixed(2) };
}

/** Street-like maps: 32×32-pixel regions of ~20 classes; B shifts boundaries and flips 5 % of pixels; 0.1 % ignored. */
function structuredMaps(): [Uint8Array, Uint8Array] {
  const next = mulberry32(1);
  const cell = 32;
  const gw = WIDTH / cell;
  const grid = Uint8Array.from({ length: gw * (HEIGHT / cell) }, () => Math.floor(next() * NUM_CLASSES));
  const a = new Uint8Array(WIDTH * HEIGHT);
  const b = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = y * WIDTH + x;
      a[i] = grid[Math.floor(y / cell) * gw + Math.floor(x / cell)]!;
      const xs = Math.min(WIDTH - 1, x + 3);
      b[i] = next() < 0.05 ? Math.floor(next() * NUM_CLASSES) : grid[Math.floor(y / cell) * gw + Math.floor(xs / cell)]!;
    }
  }
  for (let i = 0; i < a.length; i += 997) a[i] = 255;
  return [a, b];
}

function noiseMaps(): [Uint8Array, Uint8Array] {
  const next = mulberry32(2);
  const n = WIDTH * HEIGHT;
  return [
    Uint8Array.from({ length: n }, () => Math.floor(next() * NUM_CLASSES)),
    Uint8Array.from({ length: n }, () => Math.floor(next() * NUM_CLASSES)),
  ];
}

/** The ceiling: a loop that only reads and sums the bytes of both maps. */
function byteSum(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! + b[i]!;
  return s;
}

function kernelFigures(name: string, [a, b]: [Uint8Array, Uint8Array]) {
  const mp = a.length / 1e6;
  const rate = (t: { medianMs: number; bestMs: number }) => ({
    medianMegapixelsPerS: +(mp / (t.medianMs / 1000)).toFixed(1),
    bestMegapixelsPerS: +(mp / (t.bestMs / 1000)).toFixed(1),
  });
  const ceiling = rate(time(() => byteSum(a, b), 3, 15));
  const kernel = rate(time(() => confusionMatrix(a, b, NUM_CLASSES), 3, 15));
  const mapping = Array.from({ length: NUM_CLASSES }, (_, k) => NUM_CLASSES - 1 - k);
  const mapped = rate(time(() => confusionMatrix(a, b, NUM_CLASSES, { mapA: mapping, mapB: mapping }), 3, 15));
  const withDistance = rate(time(() => discrepancy(confusionMatrix(a, b, NUM_CLASSES), 'miou'), 3, 15));
  return {
    maps: name,
    confusionMatrix: kernel,
    confusionMatrixWithClassMapping: mapped,
    confusionMatrixPlusMiou: withDistance,
    byteSumCeiling: ceiling,
    ratioToCeiling: +(kernel.medianMegapixelsPerS / ceiling.medianMegapixelsPerS).toFixed(3),
  };
}

const NUM_IMAGES = 100_000;
const COMPETITORS = 4;

/** Synthetic stored statistics: ~6 classes present per image and model (background always), d per pair. */
function syntheticPool(): MiningPoolStats {
  const next = mulberry32(3);
  const models = [];
  for (let m = 0; m <= COMPETITORS; m++) {
    const fractions = new Float32Array(NUM_IMAGES * NUM_CLASSES);
    const raw = new Float64Array(NUM_CLASSES);
    for (let i = 0; i < NUM_IMAGES; i++) {
      let sum = 0;
      for (let k = 0; k < NUM_CLASSES; k++) {
        raw[k] = k === 0 ? 1 + next() : next() < 0.25 ? next() * next() : 0;
        sum += raw[k]!;
      }
      for (let k = 0; k < NUM_CLASSES; k++) fractions[i * NUM_CLASSES + k] = raw[k]! / sum;
    }
    models.push({ modelId: m + 1, fractions });
  }
  const pairs = [];
  for (let c = 1; c <= COMPETITORS; c++) {
    pairs.push({ targetModelId: 1, competitorModelId: c + 1, d: Float32Array.from({ length: NUM_IMAGES }, () => next()) });
  }
  return {
    numClasses: NUM_CLASSES,
    imageIds: Int32Array.from({ length: NUM_IMAGES }, (_, i) => i + 1),
    contentHashes: Array.from({ length: NUM_IMAGES }, (_, i) => `hash${i % 98_000}`),
    models,
    pairs,
  };
}

function toSparse(dense: Float32Array): SparseClassFractions {
  let nnz = 0;
  for (const v of dense) if (v > 0) nnz++;
  const offsets = new Uint32Array(NUM_IMAGES + 1);
  const classIds = new Uint8Array(nnz);
  const values = new Float32Array(nnz);
  let e = 0;
  for (let i = 0; i < NUM_IMAGES; i++) {
    for (let k = 0; k < NUM_CLASSES; k++) {
      const v = dense[i * NUM_CLASSES + k]!;
      if (v > 0) {
        classIds[e] = k;
        values[e++] = v;
      }
    }
    offsets[i + 1] = e;
  }
  return { offsets, classIds, values };
}

/** The selection ceiling: one plain read of every value selection reads (fractions once per pair and defender, d). */
function statsReadCeiling(pool: MiningPoolStats): number {
  let s = 0;
  const byId = new Map(pool.models.map((m) => [m.modelId, m.fractions as Float32Array]));
  for (const p of pool.pairs) {
    for (const id of [p.targetModelId, p.competitorModelId]) {
      const f = byId.get(id)!;
      for (let i = 0; i < f.length; i++) s += f[i]!;
      for (let i = 0; i < p.d.length; i++) s += p.d[i]!;
    }
  }
  return s;
}

function selectionFigures() {
  const pool = syntheticPool();
  const s0 = new ClassAreaAccumulator(NUM_CLASSES);
  const nextS0 = mulberry32(4);
  for (let n = 0; n < 3000; n++) {
    s0.addImage(Array.from({ length: NUM_CLASSES }, (_, k) => (k === 0 || nextS0() < 0.3 ? Math.floor(nextS0() * 400_000) : 0)), WIDTH * HEIGHT);
  }
  const bounds = quartileBounds(s0);
  let size = 0;
  const dense = time(() => (size = selectCandidates(pool, { bounds, n3: 25 }).candidates.length), 1, 5);
  const sparsePool = { ...pool, models: pool.models.map((m) => ({ modelId: m.modelId, fractions: toSparse(m.fractions as Float32Array) })) };
  const sparse = time(() => selectCandidates(sparsePool, { bounds, n3: 25 }), 1, 5);
  const ceiling = time(() => statsReadCeiling(pool), 1, 5);
  const entropy = new Float32Array(NUM_IMAGES).map(() => nextS0());
  const baselinePool = { imageIds: pool.imageIds, contentHashes: pool.contentHashes, meanEntropy: entropy };
  const random = time(() => selectBaseline(baselinePool, { strategy: 'random', budget: size, seed: 1 }), 1, 5);
  const byEntropy = time(() => selectBaseline(baselinePool, { strategy: 'entropy', budget: size }), 1, 5);
  return {
    images: NUM_IMAGES,
    competitors: COMPETITORS,
    classes: NUM_CLASSES,
    n3: 25,
    constraint: 'quartile',
    candidates: size,
    denseFractions: dense,
    sparseFractions: sparse,
    plainReadCeiling: ceiling,
    ratioCeilingToDense: +(ceiling.medianMs / dense.medianMs).toFixed(3),
    baselineRandom: random,
    baselineEntropy: byEntropy,
  };
}

const cpus = os.cpus();
console.log(
  JSON.stringify(
    {
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
      },
      threads: 1,
      kernel: {
        width: WIDTH,
        height: HEIGHT,
        classes: NUM_CLASSES,
        structured: kernelFigures('32-pixel regions, shifted boundaries, 5 % noise, 0.1 % ignore', structuredMaps()),
        noise: kernelFigures('independent uniform noise per pixel', noiseMaps()),
      },
      selection: selectionFigures(),
    },
    null,
    2,
  ),
);
