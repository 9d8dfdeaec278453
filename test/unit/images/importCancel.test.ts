import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeImage, type DecodeOptions } from '../../../electron/core/images/decodeImage.js';
import { makeJpeg, makePng, writeFile } from './imageCorpus.js';
import { storedImages, testContext, workspace, type Workspace } from './importHelpers.js';

describe('import: cancel, re-run and bounded work', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.cleanup());

  async function writeImages(n: number): Promise<void> {
    for (let i = 0; i < n; i++) writeFile(ws.source, `batch${i % 3}/img${i}.${i % 2 ? 'png' : 'jpg'}`, await (i % 2 ? makePng : makeJpeg)(16, 12, i + 1));
  }

  it('a cancelled import keeps what it committed, stays consistent, and a re-run adds only the rest', async () => {
    await writeImages(24);
    const ctx = testContext((done, controller) => {
      if (done >= 6) controller.abort();
    });

    const cancelled = await ws.run({ ctx, batchSize: 4 });

    expect(cancelled.state).toBe('cancelled');
    const kept = storedImages(ws.project);
    expect(kept.length).toBe(cancelled.imported);
    expect(kept.length).toBeGreaterThanOrEqual(6);
    expect(kept.length).toBeLessThan(24);
    for (const row of kept) expect(existsSync(join(ws.project.dir, row.rel_path)), row.rel_path).toBe(true);
    expect(ws.project.db.pragma('integrity_check', { simple: true })).toBe('ok');

    const rerun = await ws.run();

    expect(rerun).toMatchObject({ state: 'done', found: 24, processed: 24, imported: 24 - kept.length, duplicates: kept.length, failed: 0 });
    const all = storedImages(ws.project);
    expect(all).toHaveLength(24);
    expect(new Set(all.map((r) => r.content_hash)).size).toBe(24);
  });

  it('never has more decodes in flight than its concurrency, and commits in batches', async () => {
    await writeImages(18);
    let inFlight = 0;
    let peak = 0;
    const slowDecode = async (bytes: Buffer, options: DecodeOptions) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await decodeImage(bytes, options);
      } finally {
        inFlight--;
      }
    };
    const commits: number[] = [];
    const db = ws.project.db;
    const countBefore = () => (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
    const ctx = testContext(() => commits.push(countBefore()));

    const summary = await ws.run({ ctx, concurrency: 2, batchSize: 5, decode: slowDecode });

    expect(summary.imported).toBe(18);
    expect(peak).toBe(2);
    // Rows land five at a time (a batch per transaction), never one by one.
    expect(new Set(commits.filter((n) => n < 18)).size).toBeGreaterThan(1);
    expect(commits.every((n) => n % 5 === 0 || n === 18)).toBe(true);
  });

  it('reports progress with a total once the folder has been counted', async () => {
    await writeImages(9);
    const ctx = testContext();
    await ws.run({ ctx });
    const last = ctx.updates.at(-1)!;
    expect(last).toEqual({ done: 9, total: 9 });
    expect(ctx.updates.every((u) => u.total === null || u.total === 9)).toBe(true);
  });
});
