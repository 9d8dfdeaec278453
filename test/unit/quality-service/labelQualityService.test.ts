import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import type { JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { submitVersion } from '../../../electron/core/annotations/annotationWrites.js';
import { openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { listQualitySets } from '../../../electron/core/quality/qualitySets.js';
import { imagePage } from '../../../electron/core/quality/qualityStore.js';
import { listQualityRuns as listRuns } from '../../../electron/core/store/qualityRuns.js';
import { commonIssues, imageMasks } from '../../../electron/core/quality/qualityViews.js';
import { rescoreImage } from '../../../electron/core/quality/rescoreImage.js';
import { prepareLabelQuality, runLabelQuality } from '../../../electron/core/quality/runLabelQuality.js';
import { seedQualityProject, type QualitySeed } from '../../helpers/seedQualityProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/** The left half of a 16×12 image, row-major, as 0/1. */
function leftHalf(width: number, height: number): number[] {
  return Array.from({ length: width * height }, (_, i) => (i % width < width / 2 ? 1 : 0));
}

function flaggedOf(project: ProjectDb, runId: number, imageId: number): number[] {
  const { flagged } = imageMasks(project.db, runId, imageId);
  return Array.from(inflateSync(Buffer.from(flagged.data, 'base64')));
}

function quietContext(onProgress?: (done: number) => void): JobContext & { messages: string[] } {
  const controller = new AbortController();
  const messages: string[] = [];
  return {
    signal: controller.signal,
    messages,
    progress: (done, _total, message) => {
      if (message) messages.push(message);
      onProgress?.(done);
    },
    throwIfCancelled: () => undefined,
  };
}

describe('label quality of a seeded project with the colour model', () => {
  const temp = makeTempDir();
  let seed: QualitySeed;
  let project: ProjectDb;

  beforeAll(async () => {
    seed = await seedQualityProject(join(temp.dir, 'project'), { model: 'onnx' });
    project = openProjectDb(join(temp.dir, 'project'));
  });
  afterAll(() => {
    project.close();
    temp.cleanup();
  });

  it('lists S0 (the labelled training split) and T0 (the labelled test split), never pool images', () => {
    expect(listQualitySets(project.db)).toEqual([
      { name: 'S0', kind: 'train', testSetId: null, images: 5, labelled: 5 },
      { name: 'T0', kind: 'user', testSetId: null, images: 1, labelled: 1 },
    ]);
  });

  it('flags exactly the wrongly labelled half of the bad image from stored probabilities and ranks it worst', async () => {
    const ctx = quietContext();
    const outcome = await runLabelQuality(project, { set: 'S0', source: 'stored', workers: 1 }, ctx);
    expect(outcome).toMatchObject({ setName: 'S0', images: 5, flaggedImages: 1, warnings: [] });
    // The 4×3 score map of the 16×12 image: the wrong half is 2 columns × 3 rows of cells.
    expect(outcome.numIssuesEstimate).toBe(6);
    expect(ctx.messages.some((m) => m.includes('pass 2'))).toBe(true);

    const page = imagePage(project.db, outcome.runId, {}, 0, 10);
    expect(page.total).toBe(5);
    expect(page.items[0]).toMatchObject({ imageId: seed.ids.bad, issues: 96, labelChanged: false, relPath: 'images/bad.png' });
    // Stored probabilities are quantised: the red-labelled green half has p(red) = 0, the rest 1.
    expect(page.items[0]!.score).toBeCloseTo(Math.exp(-10) / (1 + Math.exp(-10)), 9);
    for (const item of page.items.slice(1)) expect(item).toMatchObject({ issues: 0, score: 1 });
    expect(flaggedOf(project, outcome.runId, seed.ids.bad!)).toEqual(leftHalf(16, 12));

    expect(commonIssues(project.db, outcome.runId, undefined, 20)).toEqual([
      { given: 0, predicted: 1, givenName: 'red', predictedName: 'green', pixels: 96, images: 1 },
    ]);
    expect(commonIssues(project.db, outcome.runId, 2, 20)).toEqual([]);
    expect(imagePage(project.db, outcome.runId, { pair: { given: 0, predicted: 1 } }, 0, 10).items.map((i) => [i.imageId, i.matching])).toEqual([[seed.ids.bad, 96]]);
    expect(imagePage(project.db, outcome.runId, { classId: 2 }, 0, 10).total).toBe(0);

    const [run] = listRuns(project.db);
    // Red labels 26 cells: 12 of the red image, 8 of the half-void one (a cell takes the majority of its
    // labelled pixels, so the row straddling the void edge is red) and the bad half's 6, where p(red) = 0.
    expect(run!.thresholds).toEqual([20 / 26, 1, 1]);
    expect(run!.options).toMatchObject({ resolution: 'score-map', workingWidth: 4, workingHeight: 3, classes: 3 });
  });

  it('flags the same pixels from fresh full-resolution probabilities, with exact float32 scores', async () => {
    const outcome = await runLabelQuality(project, { set: 'S0', source: 'fresh', provider: 'cpu', workers: 1 });
    expect(outcome).toMatchObject({ source: 'fresh', images: 5, flaggedImages: 1, numIssuesEstimate: 96 });
    const page = imagePage(project.db, outcome.runId, {}, 0, 10);
    expect(page.items[0]).toMatchObject({ imageId: seed.ids.bad, issues: 96 });
    // Unquantised: on green, p(red) = 1 / (2 + e^(10·220/255)), not 0; the softmin at t = 0.1 mixes in the
    // correct half, p(green), with weight e^(−(p(green) − p(red)) / 0.1).
    const pRed = 1 / (2 + Math.exp((10 * 220) / 255));
    const pGreen = 1 - 2 * pRed;
    const weight = Math.exp(-(pGreen - pRed) / 0.1);
    const expected = (pRed + pGreen * weight) / (1 + weight);
    expect(Math.abs(page.items[0]!.score / expected - 1)).toBeLessThan(1e-3);
    expect(flaggedOf(project, outcome.runId, seed.ids.bad!)).toEqual(leftHalf(16, 12));
    expect(listRuns(project.db)[0]!.options).toMatchObject({ resolution: 'full', workingWidth: 16, workingHeight: 12, provider: 'cpu' });
  });

  it('scores T0 on its own', async () => {
    const outcome = await runLabelQuality(project, { set: 'T0', source: 'stored' });
    expect(outcome).toMatchObject({ setName: 'T0', images: 1, flaggedImages: 0, numIssuesEstimate: 0 });
  });

  it('rescoring an unchanged image gives back its score and flags', async () => {
    const run = listRuns(project.db).find((r) => r.setName === 'S0' && r.source === 'stored')!;
    const before = flaggedOf(project, run.id, seed.ids.bad!);
    const [again] = await rescoreImage(project, seed.ids.bad!, run.id);
    expect(again).toMatchObject({ runId: run.id, issues: 96 });
    expect(again!.score).toBe(again!.previousScore);
    expect(flaggedOf(project, run.id, seed.ids.bad!)).toEqual(before);
  });

  it('after the mask is corrected, marks the image as edited and rescores it in the newest run of each source', async () => {
    const stored = listRuns(project.db).find((r) => r.setName === 'S0' && r.source === 'stored')!;
    const fresh = listRuns(project.db).find((r) => r.setName === 'S0' && r.source === 'fresh')!;
    const older = await runLabelQuality(project, { set: 'S0', source: 'stored' });
    const newest = await runLabelQuality(project, { set: 'S0', source: 'stored' });
    expect(newest.runId).toBeGreaterThan(older.runId);

    const author = Number(
      project.db.prepare(`INSERT INTO people (uid, name, roles, created_at) VALUES ('p-ada', 'Ada', '["annotator"]', ?)`).run(new Date().toISOString()).lastInsertRowid,
    );
    const allGreen = deflateSync(new Uint8Array(16 * 12).fill(1)).toString('base64');
    submitVersion(project.db, { imageId: seed.ids.bad!, authorId: author, origin: 'ground_truth', timeMs: 1000, mask: { width: 16, height: 12, encoding: 'deflate', data: allGreen } });
    expect(imagePage(project.db, newest.runId, {}, 0, 1).items[0]).toMatchObject({ imageId: seed.ids.bad, labelChanged: true });

    const rescored = await rescoreImage(project, seed.ids.bad!);
    expect(rescored.map((r) => r.runId).sort()).toEqual([fresh.id, newest.runId].sort());
    for (const r of rescored) expect(r).toMatchObject({ score: expect.closeTo(1, 3) as number, issues: 0 });
    const page = imagePage(project.db, newest.runId, {}, 0, 10);
    expect(page.items.find((i) => i.imageId === seed.ids.bad)).toMatchObject({ labelChanged: false, issues: 0, rescoredAt: expect.any(String) as string });
    expect(commonIssues(project.db, newest.runId, undefined, 20)).toEqual([]);
    // Older runs keep what they found.
    expect(imagePage(project.db, older.runId, {}, 0, 1).items[0]).toMatchObject({ imageId: seed.ids.bad, issues: 96, labelChanged: true });
    expect(imagePage(project.db, stored.id, {}, 0, 1).items[0]).toMatchObject({ imageId: seed.ids.bad, issues: 96 });
  });
});

describe('label quality from stored probabilities that are partly or wholly missing', () => {
  const temp = makeTempDir();
  let seed: QualitySeed;
  let project: ProjectDb;

  beforeAll(async () => {
    seed = await seedQualityProject(join(temp.dir, 'project'), { model: 'stored' });
    project = openProjectDb(join(temp.dir, 'project'));
  });
  afterAll(() => {
    project.close();
    temp.cleanup();
  });

  it('stops at the next batch when cancelled and stores nothing', async () => {
    const controller = new AbortController();
    const ctx: JobContext = {
      signal: controller.signal,
      progress: () => controller.abort(),
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new Error('cancelled');
      },
    };
    await expect(runLabelQuality(project, { set: 'S0', source: 'stored' }, ctx)).rejects.toMatchObject({ code: 'cancelled' });
    expect(listRuns(project.db)).toEqual([]);
  });

  it('scores the images that have them and says how to get the rest', async () => {
    project.db.prepare('UPDATE predictions SET probs = NULL WHERE image_id = ?').run(seed.ids.red);
    const outcome = await runLabelQuality(project, { set: 'S0', source: 'stored' });
    expect(outcome).toMatchObject({ images: 4, skipped: { noProbabilities: 1, failed: 0, unlabelled: 0 } });
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toMatch(/^1 of 5 labelled images of S0 have no stored probabilities of model colour 1\.0 and were not scored\./);
    expect(outcome.warnings[0]).toContain(`npx faultline infer PROJECT --models ${seed.modelId} --store-probs`);
    expect(outcome.warnings[0]).toContain('--source fresh');
    expect(imagePage(project.db, outcome.runId, {}, 0, 1).items[0]).toMatchObject({ imageId: seed.ids.bad, issues: 96 });
  });

  it('refuses a run when no image has them, naming the fix', async () => {
    project.db.prepare('UPDATE predictions SET probs = NULL').run();
    await expect(runLabelQuality(project, { set: 'S0', source: 'stored' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /None of the 5 labelled images of S0 has stored probabilities of model colour 1\.0\. Run inference with “Store probabilities \(for label quality\)” ticked in the Models view.*--store-probs.*“Run the model now” \(--source fresh, or auto\)/,
      ) as string,
    });
  });

  it('refuses an unknown set with the names of the sets there are', async () => {
    await expect(runLabelQuality(project, { set: 'T7', source: 'stored' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('S0, T0') as string });
  });
});

describe('label quality with the probability source left to Faultline', () => {
  const temp = makeTempDir();
  let seed: QualitySeed;
  let project: ProjectDb;

  beforeAll(async () => {
    seed = await seedQualityProject(join(temp.dir, 'project'), { model: 'stored' });
    project = openProjectDb(join(temp.dir, 'project'));
  });
  afterAll(() => {
    project.close();
    temp.cleanup();
  });

  it('auto takes the stored probabilities when every labelled image has them, and runs the model when any lacks them', async () => {
    const everyImage = await runLabelQuality(project, { set: 'S0', source: 'auto' });
    expect(listRuns(project.db).find((r) => r.id === everyImage.runId)).toMatchObject({ source: 'stored' });
    project.db.prepare('UPDATE predictions SET probs = NULL WHERE image_id = ?').run(seed.ids.red);
    expect(prepareLabelQuality(project, { set: 'S0', source: 'auto' })).toMatchObject({ source: 'fresh', stored: null });
    expect(prepareLabelQuality(project, { set: 'S0', source: 'stored' })).toMatchObject({ source: 'stored' });
  });
});
