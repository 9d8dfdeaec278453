import { describe, expect, it } from 'vitest';
import type { LabelQualitySource } from '../../../shared/quality/batchSource.js';
import { memorySource } from '../../../shared/quality/batchSource.js';
import type { LabelQualityResult } from '../../../shared/quality/labelIssueSearch.js';
import type { QualityProgress, ScoreLabelQualityOptions } from '../../../electron/core/quality/scoreLabelQuality.js';
import { scoreLabelQuality } from '../../../electron/core/quality/scoreLabelQuality.js';
import type { ImageBatch } from '../../../shared/quality/types.js';
import { loadFixture } from './labelQualityFixtures.js';
import { randomCase } from './referenceModel.js';

function split(labels: Uint8Array, probs: Float32Array, N: number, K: number, pixels: number, batchSize: number): ImageBatch[] {
  const batches: ImageBatch[] = [];
  for (let n = 0; n < N; n += batchSize) {
    const end = Math.min(N, n + batchSize);
    batches.push({ labels: labels.slice(n * pixels, end * pixels), probs: probs.slice(n * K * pixels, end * K * pixels) });
  }
  return batches;
}

/** Everything a result holds, as plain arrays, so two results compare bit for bit. */
function snapshot(result: LabelQualityResult) {
  return {
    imageCount: result.imageCount,
    validPixels: Array.from(result.validPixels),
    softmin: result.softminScores === null ? null : Array.from(result.softminScores),
    thresholds: result.confidentThresholds === null ? null : Array.from(result.confidentThresholds),
    issues: result.numIssuesEstimate,
    flagged: result.flagged === null ? null : Object.fromEntries(Object.entries(result.flagged).map(([key, value]) => [key, Array.from(value)])),
  };
}

describe('scoreLabelQuality over a stream of batches', () => {
  const fx = loadFixture('mid');
  const shape = { K: fx.K, H: fx.H, W: fx.W };
  const pixels = fx.H * fx.W;

  it('gives the same result bit for bit whatever the batch size', async () => {
    const results = [];
    for (const batchSize of [1, 4, 7, fx.N]) {
      results.push(snapshot(await scoreLabelQuality(memorySource(shape, split(fx.labels, fx.probs, fx.N, fx.K, pixels, batchSize)))));
    }
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    expect(results[0]!.flagged!['image']).toHaveLength(fx.expected.issues_flagged_pixels);
  });

  it('stays batch-size independent with ties, downsampling, an ignore index and the exact selection', async () => {
    const N = 6;
    const K = 4;
    const H = 8;
    const W = 8;
    const { labels, probs } = randomCase(11, N, K, H, W, 5);
    for (let i = 0; i < labels.length; i += 9) labels[i] = 255;
    const options: ScoreLabelQualityOptions = { downsample: 2, labelMode: 'compatible-mean', ignoreIndex: 255, candidateLimit: 0 };
    const results = [];
    for (const batchSize of [1, 2, 5]) {
      results.push(snapshot(await scoreLabelQuality(memorySource({ K, H, W }, split(labels, probs, N, K, H * W, batchSize)), options)));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('reads an async iterable source', async () => {
    const batches = split(fx.labels, fx.probs, fx.N, fx.K, pixels, 8);
    const source: LabelQualitySource = {
      shape,
      async *batches() {
        for (const batch of batches) yield batch;
      },
    };
    const result = await scoreLabelQuality(source);
    expect(result.numIssuesEstimate).toBe(fx.expected.num_issues_estimate);
  });

  it('explains that a single-use iterator cannot serve every pass', async () => {
    const once = split(fx.labels, fx.probs, fx.N, fx.K, pixels, 8)[Symbol.iterator]();
    await expect(scoreLabelQuality({ shape, batches: () => once })).rejects.toThrow('every pass must see the same images');
  });

  it('reports progress per batch for every pass, with the total known after the first', async () => {
    const seen: QualityProgress[] = [];
    await scoreLabelQuality(memorySource(shape, split(fx.labels, fx.probs, fx.N, fx.K, pixels, 10)), { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => `${p.passNumber}:${p.pass}:${p.imagesDone}/${p.imageCount}`)).toEqual([
      '1:gather:10/null',
      '1:gather:20/null',
      '1:gather:30/null',
      '2:count:10/30',
      '2:count:20/30',
      '2:count:30/30',
      '3:select:10/30',
      '3:select:20/30',
      '3:select:30/30',
    ]);
  });

  it('stops with a cancelled error when the signal aborts', async () => {
    const controller = new AbortController();
    const run = scoreLabelQuality(memorySource(shape, split(fx.labels, fx.probs, fx.N, fx.K, pixels, 5)), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.passNumber === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('rejects a batch whose probabilities do not match its label maps', async () => {
    const source = memorySource(shape, [{ labels: fx.labels.slice(0, pixels), probs: fx.probs.slice(0, pixels) }]);
    await expect(scoreLabelQuality(source)).rejects.toThrow('a batch holds 1 label maps but 4096 probabilities; expected 1×6×64×64');
  });

  it('computes only the softmin scores in one pass when issues are not wanted', async () => {
    const seen: string[] = [];
    const result = await scoreLabelQuality(memorySource(shape, split(fx.labels, fx.probs, fx.N, fx.K, pixels, 30)), {
      findIssues: false,
      onProgress: (p) => seen.push(p.pass),
    });
    expect(seen).toEqual(['gather']);
    expect(result.flagged).toBeNull();
    expect(result.softminScores![3]).toBeCloseTo(fx.expected['image_scores_softmin_t0.1'][3]!, 12);
  });

  it('refuses workers for a source that cannot be opened in a worker', async () => {
    await expect(scoreLabelQuality(memorySource(shape, []), { workers: 2 })).rejects.toThrow('cannot be split across workers');
  });
});
