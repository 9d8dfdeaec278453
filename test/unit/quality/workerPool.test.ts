import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../electron/core/quality/npy.js';
import type { LabelQualityResult } from '../../../shared/quality/labelIssueSearch.js';
import type { NpyPairParams } from '../../../electron/core/quality/npyBatchSource.js';
import { npySource, openNpyImageSource } from '../../../electron/core/quality/npyBatchSource.js';
import type { ScoreLabelQualityOptions } from '../../../electron/core/quality/scoreLabelQuality.js';
import { scoreLabelQuality } from '../../../electron/core/quality/scoreLabelQuality.js';
import { QualityWorkerPool, splitImages } from '../../../electron/core/quality/workerPool.js';
import { loadFixture } from './labelQualityFixtures.js';
import { randomCase } from './referenceModel.js';

const dir = mkdtempSync(path.join(tmpdir(), 'faultline-lq-workers-'));
let pools: QualityWorkerPool[] = [];

function writePair(name: string, labels: Uint8Array, probs: Float32Array, N: number, K: number, H: number, W: number): NpyPairParams {
  const params = { labelsPath: path.join(dir, `${name}-labels.npy`), probsPath: path.join(dir, `${name}-probs.npy`) };
  writeNpy(params.labelsPath, { dtype: 'u1', shape: [N, H, W], data: labels });
  writeNpy(params.probsPath, { dtype: 'f4', shape: [N, K, H, W], data: probs });
  return params;
}

async function score(params: NpyPairParams, batchSize: number, options: ScoreLabelQualityOptions): Promise<LabelQualityResult> {
  const files = openNpyImageSource(params);
  try {
    return await scoreLabelQuality(npySource(files, params, batchSize), options);
  } finally {
    files.close?.();
  }
}

function snapshot(result: LabelQualityResult) {
  return {
    softmin: Array.from(result.softminScores ?? []),
    thresholds: Array.from(result.confidentThresholds ?? []),
    issues: result.numIssuesEstimate,
    flagged: result.flagged === null ? null : [result.flagged.image, result.flagged.pixel, result.flagged.given, result.flagged.predicted].map((a) => Array.from(a)),
  };
}

beforeAll(() => {
  pools = [QualityWorkerPool.create(2), QualityWorkerPool.create(4)];
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('splitImages', () => {
  it('covers every image once in contiguous, nearly equal tasks', () => {
    expect(splitImages(10, 4)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 5 },
      { start: 5, end: 7 },
      { start: 7, end: 10 },
    ]);
    expect(splitImages(2, 8)).toHaveLength(2);
  });
});

describe('label quality on worker threads', () => {
  it('gives identical results on 1, 2 and 4 workers (reference fixture “hard”)', async () => {
    const fx = loadFixture('hard');
    const params = writePair('hard', fx.labels, fx.probs, fx.N, fx.K, fx.H, fx.W);
    const one = snapshot(await score(params, 3, {}));
    const two = snapshot(await score(params, 5, { pool: pools[0]! }));
    const four = snapshot(await score(params, 2, { pool: pools[1]! }));
    expect(two).toEqual(one);
    expect(four).toEqual(one);
    expect(one.issues).toBe(fx.expected.num_issues_estimate);
    expect(one.flagged![0]!.length).toBe(fx.expected.issues_flagged_pixels);
  });

  it('splits exact ties across tasks the same way as one thread (quantised probabilities, exact selection, downsampling)', async () => {
    const N = 9;
    const K = 4;
    const H = 8;
    const W = 8;
    const { labels, probs } = randomCase(21, N, K, H, W, 4);
    for (let i = 0; i < labels.length; i += 11) labels[i] = 255;
    // Quantised probabilities no longer sum to 1: scored as they are, since the ties are the point.
    const params = { ...writePair('ties', labels, probs, N, K, H, W), probabilities: 'as-is' as const };
    for (const downsample of [1, 2]) {
      const options: ScoreLabelQualityOptions = { candidateLimit: 0, ignoreIndex: 255, downsample };
      const one = snapshot(await score(params, 4, options));
      expect(snapshot(await score(params, 1, { ...options, pool: pools[0]! }))).toEqual(one);
      expect(snapshot(await score(params, 3, { ...options, pool: pools[1]! }))).toEqual(one);
    }
  });

  it('reports a bad label found in a worker as the same clear error', async () => {
    const fx = loadFixture('tiny-nonsquare');
    const labels = fx.labels.slice();
    labels[5 * fx.H * fx.W + 2 * fx.W + 3] = 9;
    const params = writePair('bad', labels, fx.probs, fx.N, fx.K, fx.H, fx.W);
    await expect(score(params, 2, { pool: pools[0]! })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('label 9 at image 5, row 2, column 3'),
    });
    const fixed = writePair('good', fx.labels, fx.probs, fx.N, fx.K, fx.H, fx.W);
    expect((await score(fixed, 2, { pool: pools[0]! })).numIssuesEstimate).toBe(fx.expected.num_issues_estimate);
  });

  it('cancels a run on the pool and leaves the pool usable', async () => {
    const fx = loadFixture('mid');
    const params = writePair('mid', fx.labels, fx.probs, fx.N, fx.K, fx.H, fx.W);
    const controller = new AbortController();
    controller.abort();
    await expect(score(params, 1, { pool: pools[1]!, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    const progress: number[] = [];
    const result = await score(params, 4, { pool: pools[1]!, onProgress: (p) => progress.push(p.imagesDone) });
    expect(result.numIssuesEstimate).toBe(fx.expected.num_issues_estimate);
    expect(progress.at(-1)).toBe(fx.N);
  });

  it('starts and closes its own pool when given a worker count', async () => {
    const fx = loadFixture('tiny-nonsquare');
    const params = writePair('own', fx.labels, fx.probs, fx.N, fx.K, fx.H, fx.W);
    const result = await score(params, 2, { workers: 2 });
    expect(result.numIssuesEstimate).toBe(fx.expected.num_issues_estimate);
  });
});
