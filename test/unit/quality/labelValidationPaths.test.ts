import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NpyDtype } from '../../../electron/core/quality/npy.js';
import { writeNpy } from '../../../electron/core/quality/npy.js';
import { memorySource } from '../../../shared/quality/batchSource.js';
import type { LabelQualityResult } from '../../../shared/quality/labelIssueSearch.js';
import { confidentThresholds, labelQualityScores, searchInMemory } from '../../../shared/quality/labelIssues.js';
import type { NpyPairParams } from '../../../electron/core/quality/npyBatchSource.js';
import { npySource, openNpyImageSource } from '../../../electron/core/quality/npyBatchSource.js';
import type { ScoreLabelQualityOptions } from '../../../electron/core/quality/scoreLabelQuality.js';
import { scoreLabelQuality } from '../../../electron/core/quality/scoreLabelQuality.js';
import type { ImageBatch, LabelArray } from '../../../shared/quality/types.js';
import { QualityWorkerPool } from '../../../electron/core/quality/workerPool.js';
import { toWorkingLabels } from '../../../shared/quality/workingLabels.js';
import { randomCase } from './referenceModel.js';

/**
 * The first pass's kernel reports invalid labels itself when the labels need no mapping; every path must
 * still report the first invalid label in (image, pixel) order with the message of the separate scan.
 * 54 pixels per image: not a multiple of four, so the kernels' four-pixel groups end in a partial group.
 */
const N = 5;
const K = 5;
const H = 6;
const W = 9;
const pixels = H * W;
const shape = { K, H, W };
const base = randomCase(31, N, K, H, W);
const dir = mkdtempSync(path.join(tmpdir(), 'faultline-lq-validation-'));
let pool: QualityWorkerPool;
let files = 0;

beforeAll(() => {
  pool = QualityWorkerPool.create(2);
});

afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

interface BadCase {
  readonly name: string;
  readonly labels: LabelArray;
  readonly probs: Float32Array;
  readonly ignoreIndex: number | null;
  readonly message: string;
}

const at = (image: number, row: number, column: number): number => image * pixels + row * W + column;

function withLabels<T extends LabelArray>(labels: T, changes: readonly [number, number][]): T {
  const out = labels.slice() as T;
  for (const [index, value] of changes) out[index] = value;
  return out;
}

const NO_IGNORE = '(set an ignore index if it marks unlabelled pixels)';

const CASES: readonly BadCase[] = [
  {
    name: 'a label >= K inside a group of four',
    labels: withLabels(base.labels, [[at(3, 0, 6), 7]]),
    probs: base.probs,
    ignoreIndex: null,
    message: `label 7 at image 3, row 0, column 6 is not a class index 0..4 ${NO_IGNORE}`,
  },
  {
    name: 'two bad labels in different images, the earlier one in the last, partial group of its image',
    labels: withLabels(base.labels, [
      [at(4, 0, 0), 9],
      [at(2, 5, 8), 6],
    ]),
    probs: base.probs,
    ignoreIndex: null,
    message: `label 6 at image 2, row 5, column 8 is not a class index 0..4 ${NO_IGNORE}`,
  },
  {
    name: 'two bad labels in one image behind an ignored pixel of the same group',
    labels: withLabels(base.labels, [
      [at(1, 0, 8), 255],
      [at(1, 1, 0), 200],
      [at(1, 1, 1), 5],
    ]),
    probs: base.probs,
    ignoreIndex: 255,
    message: 'label 200 at image 1, row 1, column 0 is not a class index 0..4 nor the ignore index 255',
  },
  {
    name: 'label 255 when the ignore index is 100',
    labels: withLabels(base.labels, [
      [at(0, 0, 2), 100],
      [at(0, 3, 3), 255],
    ]),
    probs: base.probs,
    ignoreIndex: 100,
    message: 'label 255 at image 0, row 3, column 3 is not a class index 0..4 nor the ignore index 100',
  },
  {
    name: 'an ignore index that is a class index (labels mapped before the kernels)',
    labels: withLabels(base.labels, [[at(2, 0, 3), 5]]),
    probs: base.probs,
    ignoreIndex: 2,
    message: 'label 5 at image 2, row 0, column 3 is not a class index 0..4 nor the ignore index 2',
  },
  {
    name: 'a negative Int32 label',
    labels: withLabels(Int32Array.from(base.labels), [[at(3, 2, 2), -1]]),
    probs: base.probs,
    ignoreIndex: null,
    message: `label -1 at image 3, row 2, column 2 is not a class index 0..4 ${NO_IGNORE}`,
  },
  {
    name: 'a Uint16 label above 255',
    labels: withLabels(Uint16Array.from(base.labels), [[at(1, 5, 5), 300]]),
    probs: base.probs,
    ignoreIndex: 255,
    message: 'label 300 at image 1, row 5, column 5 is not a class index 0..4 nor the ignore index 255',
  },
  {
    name: 'a probability outside [0, 1] before the bad label of the same image',
    labels: withLabels(base.labels, [[at(2, 4, 4), 8]]),
    probs: (() => {
      const probs = base.probs.slice();
      probs[(2 * K + base.labels[at(2, 0, 1)]!) * pixels + 1] = 1.5;
      return probs;
    })(),
    ignoreIndex: null,
    message: `label 8 at image 2, row 4, column 4 is not a class index 0..4 ${NO_IGNORE}`,
  },
];

function batches(labels: LabelArray, probs: Float32Array, batchSize: number): ImageBatch[] {
  const out: ImageBatch[] = [];
  for (let n = 0; n < N; n += batchSize) {
    const end = Math.min(N, n + batchSize);
    out.push({ labels: labels.slice(n * pixels, end * pixels), probs: probs.slice(n * K * pixels, end * K * pixels) });
  }
  return out;
}

const NPY_DTYPES: Record<string, NpyDtype> = { Uint8Array: 'u1', Int32Array: 'i4', Uint16Array: 'u2' };

function writePair(labels: LabelArray, probs: Float32Array): NpyPairParams {
  const name = `case${files++}`;
  // Label validation is what these cases test, so probabilities are read as they are (one case breaks them on purpose).
  const params = { labelsPath: path.join(dir, `${name}-labels.npy`), probsPath: path.join(dir, `${name}-probs.npy`), probabilities: 'as-is' as const };
  writeNpy(params.labelsPath, { dtype: NPY_DTYPES[labels.constructor.name]!, shape: [N, H, W], data: labels });
  writeNpy(params.probsPath, { dtype: 'f4', shape: [N, K, H, W], data: probs });
  return params;
}

async function scoreFiles(params: NpyPairParams, batchSize: number, options: ScoreLabelQualityOptions): Promise<LabelQualityResult> {
  const source = openNpyImageSource(params);
  try {
    return await scoreLabelQuality(npySource(source, params, batchSize), options);
  } finally {
    source.close?.();
  }
}

/** Every way a run reaches the first pass: in memory, streamed in batches, read from files on 1 and 2 workers. */
function runs(c: BadCase): [string, () => unknown][] {
  const ignore = { ignoreIndex: c.ignoreIndex };
  const { labels, probs } = c;
  const streamed = (options: ScoreLabelQualityOptions) => () => scoreLabelQuality(memorySource(shape, batches(labels, probs, 2)), { ...ignore, ...options });
  const files = (options: ScoreLabelQualityOptions) => () => scoreFiles(writePair(labels, probs), 2, { ...ignore, ...options });
  return [
    ['softmin only', () => searchInMemory(labels, probs, shape, { ...ignore, findIssues: false })],
    ['softmin too cold for the table', () => searchInMemory(labels, probs, shape, { ...ignore, findIssues: false, softminTemperature: 0.01 })],
    ['no softmin, no issues', () => searchInMemory(labels, probs, shape, { ...ignore, findIssues: false, softminTemperature: null })],
    ['softmin and issues', () => searchInMemory(labels, probs, shape, ignore)],
    ['issues only', () => searchInMemory(labels, probs, shape, { ...ignore, softminTemperature: null })],
    ['issues, downsampled', () => searchInMemory(labels, probs, shape, { ...ignore, softminTemperature: null, downsample: 3 })],
    ['thresholds', () => confidentThresholds(labels, probs, shape, ignore)],
    ['softmin scores', () => labelQualityScores(labels, probs, shape, { ...ignore, method: 'softmin' })],
    ['num_pixel_issues scores', () => labelQualityScores(labels, probs, shape, { ...ignore, method: 'num_pixel_issues' })],
    ['streamed softmin only', streamed({ findIssues: false })],
    ['streamed issues', streamed({ softminTemperature: null })],
    ['files, 1 thread, softmin only', files({ findIssues: false })],
    ['files, 1 thread, softmin and issues', files({})],
    ['files, 2 workers, softmin only', files({ findIssues: false, pool })],
    ['files, 2 workers, issues downsampled', files({ softminTemperature: null, downsample: 3, pool })],
  ];
}

async function errorOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return null;
}

describe('invalid labels on every path', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the same first label is reported everywhere', async (_name, c) => {
    expect(() => toWorkingLabels(c.labels, K, c.ignoreIndex, { firstImage: 0, H, W })).toThrow(c.message);
    for (const [path, run] of runs(c)) {
      const error = await errorOf(run);
      expect({ path, error }).toEqual({ path, error: expect.objectContaining({ code: 'invalid_input', message: c.message }) });
    }
  });
});

function snapshot(result: LabelQualityResult) {
  return {
    validPixels: Array.from(result.validPixels),
    softmin: result.softminScores === null ? null : Array.from(result.softminScores),
    thresholds: result.confidentThresholds === null ? null : Array.from(result.confidentThresholds),
    issues: result.numIssuesEstimate,
    flagged: result.flagged === null ? null : [result.flagged.image, result.flagged.pixel, result.flagged.given, result.flagged.predicted].map((a) => Array.from(a)),
  };
}

describe('labels read as they are and the same labels mapped', () => {
  const bytes = base.labels.slice();
  for (let i = 0; i < bytes.length; i += 7) bytes[i] = 100;
  const mapped = Int32Array.from(bytes);

  it('give bit-identical results with an ignore index of 100, on one thread and on 2 workers', async () => {
    for (const options of [{ findIssues: false }, {}, { softminTemperature: 0.01 }, { softminTemperature: null, downsample: 3 }] as ScoreLabelQualityOptions[]) {
      const asIs = snapshot(searchInMemory(bytes, base.probs, shape, { ...options, ignoreIndex: 100 }));
      expect(asIs.validPixels[0]).toBe(pixels - Math.ceil(pixels / 7));
      expect(snapshot(searchInMemory(mapped, base.probs, shape, { ...options, ignoreIndex: 100 }))).toEqual(asIs);
      expect(snapshot(await scoreFiles(writePair(bytes, base.probs), 2, { ...options, ignoreIndex: 100, pool }))).toEqual(asIs);
      expect(snapshot(await scoreFiles(writePair(mapped, base.probs), 3, { ...options, ignoreIndex: 100, pool }))).toEqual(asIs);
    }
  });
});
