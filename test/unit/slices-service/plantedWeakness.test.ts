import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { applyReduction } from '../../../shared/slices/reduceDimensions.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import { regionMembership } from '../../../shared/slices/sliceRegions.js';
import { confirmSlices, testSlice } from '../../../shared/slices/sliceTest.js';
import { splitDiscovery } from '../../../shared/slices/splitDiscovery.js';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { ratingQueue, rate } from '../../../electron/core/rating/ratingStore.js';
import { loadModel } from '../../../electron/core/store/models.js';
import { DemoSceneGenerator } from '../../../electron/core/slices/demoGenerator.js';
import { resolveEmbedder } from '../../../electron/core/slices/embedders.js';
import { loadEmbeddings, updateEmbeddings } from '../../../electron/core/slices/embeddingStore.js';
import { failureMask } from '../../../electron/core/slices/failureMask.js';
import { fetchFreshByRetrieval } from '../../../electron/core/slices/freshRetrieval.js';
import { fetchFreshByGenerator } from '../../../electron/core/slices/generatorConfirmation.js';
import { HttpSliceGenerator } from '../../../electron/core/slices/httpGenerator.js';
import { runSlices } from '../../../electron/core/slices/runSlices.js';
import { loadPopulation } from '../../../electron/core/slices/slicePopulation.js';
import { readSliceReport } from '../../../electron/core/slices/sliceReport.js';
import { loadRunState } from '../../../electron/core/store/sliceRuns.js';
import { seedSliceWorld, type SliceWorld } from '../../helpers/seedSliceWorld.js';
import { startGeneratorService } from '../../helpers/generatorService.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/**
 * The demo world with one planted weakness (night scenes the target hardly saw): 150 ordinary
 * and 70 night labelled test images, 40 + 40 unlabelled pool images for fresh retrieval.
 * Failure is fixed first: image mIoU below 0.3.
 */
describe('slices on a demo world with a planted weakness', () => {
  const temp = makeTempDir();
  let world: SliceWorld;
  let runId: number;
  const params = SliceParams.parse({ population: 'labelled', miouBelow: 0.3, seed: 1 });
  const isNight = new Map<number, boolean>();

  beforeAll(async () => {
    world = await seedSliceWorld(`${temp.dir}/p`, { train: 32, plain: 150, night: 70, poolPlain: 40, poolNight: 40 });
    for (const image of [...world.labelled, ...world.pool]) isNight.set(image.id, image.night);
    runId = (await runSlices(world.project, { params })).runId;
  });
  afterAll(() => {
    world?.project.close();
    temp.cleanup();
  });

  /** Slice of every image of the run, placed with the stored reduction and regions. */
  function memberships() {
    const state = loadRunState(world.project.db, runId);
    const table = loadEmbeddings(world.project.db, state.embedder, state.imageIds);
    return { state, table, membership: regionMembership(applyReduction(state.reduction, table.vectors), state.reduction.dims, state.regions) };
  }

  it('confirms night as a slice on held-out images, with its intervals, and describes it as darker', () => {
    const report = readSliceReport(world.project.db, { runId })!;
    expect(report.population.kind).toBe('labelled');
    expect(report.embedding).toMatchObject({ source: 'features', dims: 32 });
    expect(report.structure.present).toBe(true);
    const top = report.slices[0]!;
    expect(top.test.confirmed).toBe(true);
    expect(top.test.inside.images).toBeGreaterThanOrEqual(25);
    expect(top.test.ratio.lower!).toBeGreaterThan(1.5);
    expect(top.test.qValue).toBeLessThan(1e-6);
    expect(top.test.inside.rate.lower!).toBeGreaterThan(report.baseline.upper!);
    expect(top.description).toMatch(/^darker \(brightness 0\.\d\d vs 0\.\d\d\)/);
    const { table, membership } = memberships();
    const members = table.imageIds.filter((_, i) => membership[i] === 0);
    const nightShare = members.filter((id) => isNight.get(id)).length / members.length;
    expect(nightShare).toBeGreaterThan(0.9);
    // Most night images of the run fall in it.
    expect(members.filter((id) => isNight.get(id)).length).toBeGreaterThan(0.8 * 70);
    for (const example of top.examples) expect(isNight.get(example.imageId)).toBe(true);
  });

  it('does not confirm a slice built from random held-out images', async () => {
    const report = readSliceReport(world.project.db, { runId })!;
    const { table } = memberships();
    // The run's own failures and split, recomputed from the same rule and seed.
    const population = await loadPopulation(world.project.db, world.targetId, params);
    const failedOf = new Map(population.imageIds.map((id, i) => [id, population.failed[i]!]));
    const { heldOut } = splitDiscovery(new Array<null>(table.imageIds.length).fill(null), { seed: params.seed, heldOutFraction: params.heldOutFraction });
    const rows = [...heldOut.keys()].filter((i) => heldOut[i]);
    const failures = rows.filter((i) => failedOf.get(table.imageIds[i]!)).length;
    expect(failures).toBe(report.split.heldOut.failures);
    const random = mulberry32(7);
    const chosen = new Set<number>();
    while (chosen.size < report.slices[0]!.test.inside.images) chosen.add(rows[Math.floor(random() * rows.length)]!);
    const count = (pick: (i: number) => boolean) => ({
      images: rows.filter(pick).length,
      failures: rows.filter((i) => pick(i) && failedOf.get(table.imageIds[i]!)).length,
    });
    const [result] = confirmSlices([testSlice(count((i) => chosen.has(i)), count((i) => !chosen.has(i)))], params);
    expect(result!.confirmed).toBe(false);
    expect(result!.pValue).toBeGreaterThan(0.05);
  });

  it('embeds each (image, model) once: a second run computes nothing new', async () => {
    const model = loadModel(world.project.db, world.targetId);
    const embedder = await resolveEmbedder({ projectDir: world.project.dir, userDataDir: temp.dir, db: world.project.db }, model, 'target');
    const again = await updateEmbeddings(world.project, embedder, world.labelled.map((i) => i.id));
    expect(again).toEqual({ computed: 0, failed: 0 });
  });

  it('confirms the slice on fresh images from the demo scene generator (night scenes against controls)', async () => {
    const result = await fetchFreshByGenerator(world.project, { runId, sliceIndex: 0, count: 30, seed: 1 }, new DemoSceneGenerator());
    expect(result.plan).toBe('demo street scenes with night');
    expect(result.inside.images).toBe(30);
    expect(result.inside.failures / 30).toBeGreaterThan(2 * (result.outside.failures / result.outside.images));
    const check = readSliceReport(world.project.db, { runId })!.slices[0]!.fresh[0]!;
    expect(check.source).toBe('generator');
    expect(check.test!.confirmed).toBe(true);
  });

  it('confirms the slice through a generator service speaking the HTTP protocol, and says why one without masks cannot', async () => {
    const service = await startGeneratorService(new DemoSceneGenerator());
    const maskless = await startGeneratorService(new DemoSceneGenerator(), { masks: false });
    try {
      const result = await fetchFreshByGenerator(world.project, { runId, sliceIndex: 0, count: 20, seed: 5 }, new HttpSliceGenerator(service.url));
      expect(service.requests).toEqual(['POST /plan', 'POST /generate', 'POST /generate']);
      expect(result.generator).toBe(`Generator at ${service.url}`);
      expect(result.inside.images).toBe(20);
      expect(result.inside.failures).toBeGreaterThan(result.outside.failures);
      const none = await fetchFreshByGenerator(world.project, { runId, sliceIndex: 0, count: 5, seed: 5 }, new HttpSliceGenerator(maskless.url));
      expect(none.inside.images).toBe(0);
      const check = readSliceReport(world.project.db, { runId })!.slices[0]!.fresh.at(-1)!;
      expect(check.summary).toBe('No generated image could be scored.');
    } finally {
      await service.close();
      await maskless.close();
    }
    await expect(fetchFreshByGenerator(world.project, { runId, sliceIndex: 0, count: 5, seed: 5 }, new HttpSliceGenerator(service.url))).rejects.toThrow(
      /^Cannot reach the generator at http:\/\/127\.0\.0\.1:\d+\/plan: .*Is the service running\?$/,
    );
    expect(() => new HttpSliceGenerator('ftp://x')).toThrow(/must start with http/);
  }, 60_000);

  it('sends unseen pool images near the slice, with controls, blind to the rating queue; the rated test follows the ratings', async () => {
    const { setId, inside, outside } = await fetchFreshByRetrieval(world.project, { runId, sliceIndex: 0, count: 30, seed: 1 });
    expect(inside).toBe(30);
    expect(outside).toBe(30);
    const { db } = world.project;
    expect(db.prepare('SELECT strategy FROM candidate_sets WHERE id = ?').pluck().get(setId)).toBe('slice');
    const queue = ratingQueue(db, setId, null);
    expect(queue).toHaveLength(60);
    expect(queue.every((q) => q.why === null && q.reasonCount === 0)).toBe(true);
    expect(queue.every((q) => world.pool.some((p) => p.id === q.imageId))).toBe(true);
    const before = readSliceReport(db, { runId })!.slices[0]!.fresh.find((f) => f.source === 'retrieval')!;
    expect(before.test).toBeNull();
    expect(before.summary).toMatch(/^Waiting for ratings: 0 of 60/);
    // A rater who sees the target fail at night: 1 (bad) on night scenes, 4 on the others.
    for (const item of queue) rate(db, { setId, imageId: item.imageId, rater: 'Ada', score: isNight.get(item.imageId) ? 1 : 4, outOfDomain: false, timeMs: 500 });
    const after = readSliceReport(db, { runId })!.slices[0]!.fresh.find((f) => f.source === 'retrieval')!;
    expect(after.rated).toBe(60);
    expect(after.test!.inside.failures).toBeGreaterThan(25);
    expect(after.test!.confirmed).toBe(true);
  });

  it('highlights where the target is wrong on a labelled example', () => {
    const report = readSliceReport(world.project.db, { runId })!;
    const example = report.slices[0]!.examples[0]!;
    const highlighted = failureMask(world.project.db, example.imageId, world.targetId)!;
    expect(highlighted.against).toBe('reference');
    const wrong = inflateLabelMap(Buffer.from(highlighted.mask.data, 'base64'), highlighted.mask.width, highlighted.mask.height, 'mask');
    const share = wrong.reduce((a, b) => a + b, 0) / wrong.length;
    // A failed night image: most of its pixels are wrong.
    expect(share).toBeGreaterThan(0.3);
  });
});
