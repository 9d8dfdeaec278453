/**
 * Slice discovery speed on precomputed embeddings: the whole pure pipeline (reduction, the
 * cross-validated structure test, k-means++ with k by silhouette, regions, held-out tests and
 * attribute contrasts) on 10 000 synthetic images, and each stage alone. The ceiling measured in
 * the same run is one standardising pass over the embeddings (read every value once, write it
 * once): the ratio says how many such passes slicing costs. Target: under 10 s on 2 cores.
 * Prints one JSON object.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/slices.ts
 */
import os from 'node:os';
import { findSlices } from '../../shared/slices/findSlices.js';
import { crossValidatedAuroc } from '../../shared/slices/logisticRegression.js';
import { reduceDimensions } from '../../shared/slices/reduceDimensions.js';
import { clusterBySilhouette } from '../../shared/slices/silhouette.js';
import { SliceParams } from '../../shared/slices/sliceParams.js';
import { splitDiscovery } from '../../shared/slices/splitDiscovery.js';
import { syntheticSliceData } from '../helpers/syntheticSlices.js';

const IMAGES = 10_000;
const params = SliceParams.parse({});

function time<T>(fn: () => T, reps: number): { medianMs: number; bestMs: number; result: T } {
  const ts: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { medianMs: +ts[Math.floor(ts.length / 2)]!.toFixed(1), bestMs: +ts[0]!.toFixed(1), result: result! };
}

function figures(dims: number, structure: boolean) {
  const data = syntheticSliceData({ n: IMAGES, dims, seed: 7, structure });
  const { heldOut } = splitDiscovery(new Array<null>(IMAGES).fill(null), { seed: 1 });
  const ceiling = time(() => {
    const out = new Float64Array(data.embeddings.length);
    const mean = new Float64Array(dims);
    for (let i = 0; i < IMAGES; i++) for (let j = 0; j < dims; j++) mean[j]! += data.embeddings[i * dims + j]!;
    for (let i = 0; i < IMAGES; i++) for (let j = 0; j < dims; j++) out[i * dims + j] = data.embeddings[i * dims + j]! - mean[j]! / IMAGES;
    return out[0];
  }, 5);
  const whole = time(() => findSlices({ ...data, heldOut }, params), 3);
  const analysis = whole.result;
  const reduced = time(() => reduceDimensions(data.embeddings, dims, { seed: 1 }), 3);
  const points = reduced.result.points;
  const rd = reduced.result.reduction.dims;
  const discovery = [...heldOut.keys()].filter((i) => !heldOut[i]);
  const discoveryPoints = new Float64Array(discovery.length * rd);
  discovery.forEach((row, r) => discoveryPoints.set(points.subarray(row * rd, (row + 1) * rd), r * rd));
  const structureTest = time(() => crossValidatedAuroc(discoveryPoints, rd, Uint8Array.from(discovery, (i) => data.failed[i]!), { seed: 1 }), 3);
  const failures = discovery.filter((i) => data.failed[i]);
  const failurePoints = new Float64Array(failures.length * rd);
  failures.forEach((row, r) => failurePoints.set(points.subarray(row * rd, (row + 1) * rd), r * rd));
  const clustering = time(() => clusterBySilhouette(failurePoints, rd, { seed: 1, kMin: 2, kMax: 8 }), 3);
  const top = analysis.slices[0];
  return {
    embeddingDims: dims,
    reducedDims: rd,
    plantedStructure: structure,
    failures: analysis.failures,
    discoveryFailuresClustered: failures.length,
    wholePipeline: { medianMs: whole.medianMs, bestMs: whole.bestMs },
    stages: {
      reduce: { medianMs: reduced.medianMs },
      structureTest5Fold: { medianMs: structureTest.medianMs, auroc: +structureTest.result.auroc.toFixed(3) },
      clusterK2to8: { medianMs: clustering.medianMs, k: clustering.result.clustering.k },
    },
    standardisingPassCeiling: { medianMs: ceiling.medianMs },
    ratioWholeToCeiling: +(whole.medianMs / Math.max(ceiling.medianMs, 0.01)).toFixed(1),
    outcome: {
      structureAuroc: +analysis.structure.auroc.toFixed(3),
      slices: analysis.slices.length,
      confirmed: analysis.slices.filter((s) => s.test.confirmed).length,
      topRatio: top ? +(top.test.ratio.estimate ?? Number.NaN).toFixed(2) : null,
    },
    underTenSeconds: whole.medianMs < 10_000,
  };
}

const cpus = os.cpus();
console.log(
  JSON.stringify(
    {
      machine: { cpus: cpus.length, availableParallelism: os.availableParallelism(), cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
      threads: 1,
      images: IMAGES,
      heldOutFraction: params.heldOutFraction,
      runs: [figures(32, true), figures(256, true), figures(2048, true), figures(256, false)],
    },
    null,
    2,
  ),
);
