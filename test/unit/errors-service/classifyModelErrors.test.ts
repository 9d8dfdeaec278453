import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { classifyModelErrors } from '../../../electron/core/errors/classifyModelErrors.js';
import { readErrorConfig, writeErrorConfig } from '../../../electron/core/errors/errorConfig.js';
import { compareRuns, errorGallery, errorImage, errorOverview } from '../../../electron/core/errors/errorQueries.js';
import { encodeProbs } from '../../../electron/core/inference/probsBlob.js';
import { openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { EC, EH, EW, ERROR_CLASSES, basePrediction, seedErrorsProject } from '../../helpers/seedErrorsProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let ids: Awaited<ReturnType<typeof seedErrorsProject>>;

beforeAll(async () => {
  temp = makeTempDir();
  const dir = join(temp.dir, 'p');
  ids = await seedErrorsProject(dir);
  project = openProjectDb(dir);
});
afterAll(() => {
  project.close();
  temp.cleanup();
});

const runOf = (modelId: number, set = 'T0') => errorOverview(project.db).runs.find((r) => r.modelId === modelId && r.setName === set)!;

/** Probabilities at the image's own resolution (the seeded cards stretch): 0.95 on the predicted class. */
function confidentProbs(prediction: Uint8Array): Uint8Array {
  const K = ERROR_CLASSES.length;
  const probs = new Float32Array(K * EW * EH).fill(0.01);
  prediction.forEach((c, p) => (probs[c * EW * EH + p] = 0.95));
  return encodeProbs(probs, K, EH, EW);
}

describe('error classification of a seeded project', () => {
  it('classifies every model on every labelled set and stores the runs', async () => {
    const summaries = await classifyModelErrors(project.db);
    expect(summaries.map((s) => `${s.modelId}:${s.setName}`).sort()).toEqual([`${ids.baseId}:S0`, `${ids.baseId}:T0`, `${ids.tunedId}:S0`, `${ids.tunedId}:T0`].sort());
    const s0 = summaries.find((s) => s.setName === 'S0')!;
    expect(s0).toMatchObject({ images: 0, unpredicted: 8 });
    const base = runOf(ids.baseId);
    expect(base).toMatchObject({ images: 6, unlabelled: 0, unpredicted: 0, probsImages: 0, labelErrorRule: 'no_probabilities', setKind: 'user', roundIdx: 0 });
    expect(base.note).toMatch(/could not fire.*--store-probs/);
    expect(base.totals.fine_grained).toEqual({ regions: 3, pixels: 180 });
    expect(base.totals.missed).toEqual({ regions: 3, pixels: 180 });
    expect(base.totals.hallucination_other).toEqual({ regions: 6, pixels: 96 });
    expect(base.totals.correct.regions).toBe(18);
    const tuned = runOf(ids.tunedId);
    expect(tuned.parentRunId).toBe(base.runId);
    expect(tuned.totals.fine_grained.regions).toBe(0);
    expect(tuned.totals.missed.regions).toBe(3);
    expect(tuned.totals.boundary_under).toEqual({ regions: 6, pixels: 24 });
    expect(tuned.totals.hallucination_other.regions).toBe(0);
  });

  it('says which kinds fine-tuning fixed and which are new', () => {
    const comparison = compareRuns(project.db, runOf(ids.tunedId).runId, runOf(ids.baseId).runId);
    expect(comparison.matched).toBe(6 * 4);
    expect(Object.entries(comparison.fixed).filter(([, n]) => n > 0)).toEqual([['fine_grained', 3]]);
    expect(Object.entries(comparison.introduced).filter(([, n]) => n > 0)).toEqual([['boundary_under', 6]]);
    expect(() => compareRuns(project.db, runOf(ids.tunedId).runId, runOf(ids.baseId, 'S0').runId)).toThrow(/^The error analysis of tuned 2 is on T0 and that of \S+ \S+ on S0; compare two analyses of the same set/);
  });

  it('pages a category’s images with the regions to highlight, and shows one image with both masks', () => {
    const base = runOf(ids.baseId);
    const page = errorGallery(project.db, base.runId, 'fine_grained', 0, 2);
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.imageId)).toEqual([ids.testIds[0], ids.testIds[2]]);
    expect(page.items[0]!.regions).toEqual([expect.objectContaining({ category: 'fine_grained', classId: EC.car, otherClassId: EC.truck, box: { x: 6, y: 30, width: 10, height: 6 } })]);
    const image = errorImage(project.db, base.runId, ids.testIds[0]!);
    expect(image.mix.fine_grained.regions).toBe(1);
    expect(image.mix.hallucination_other.regions).toBe(1);
    const prediction = inflateSync(Buffer.from(image.prediction!.data, 'base64'));
    expect([...prediction]).toEqual([...basePrediction(0)]);
    expect(image.reference).toMatchObject({ width: EW, height: EH });
    expect(() => errorGallery(project.db, 999, 'missed', 0, 10)).toThrow(FaultlineError);
  });

  it('finds suspected label errors where probabilities are stored and a competitor agrees', async () => {
    const image = ids.testIds[1]!;
    project.db.prepare('UPDATE predictions SET probs = ? WHERE image_id = ? AND model_id = ?').run(confidentProbs(basePrediction(1)), image, ids.baseId);
    await classifyModelErrors(project.db, { modelIds: [ids.baseId], sets: ['t0'] });
    const base = runOf(ids.baseId);
    expect(base).toMatchObject({ probsImages: 1, labelErrorRule: 'partial' });
    expect(base.note).toMatch(/tested on 1 of 6 images/);
    expect(base.totals.label_error).toEqual({ regions: 1, pixels: 60 });
    expect(base.totals.missed.regions).toBe(2);
    expect(errorGallery(project.db, base.runId, 'label_error', 0, 10).items.map((i) => i.imageId)).toEqual([image]);
  });

  it('uses the stored settings and hierarchy, and refuses invalid ones with every reason', async () => {
    expect(readErrorConfig(project.db).custom).toEqual({ hierarchy: false, settings: false });
    expect(readErrorConfig(project.db).hierarchy.superclasses.truck).toBe('vehicle');
    writeErrorConfig(project.db, { settings: { missedBackgroundShare: 1 } });
    const config = writeErrorConfig(project.db, { settings: { minRegionPixels: 2 } });
    expect(config.settings).toMatchObject({ missedBackgroundShare: 1, minRegionPixels: 2, correctRecall: 0.9 });
    await classifyModelErrors(project.db, { modelIds: [ids.tunedId], sets: ['T0'] });
    expect(runOf(ids.tunedId).totals.missed.regions).toBe(0);
    expect(runOf(ids.tunedId).totals.model_failure.regions).toBe(3);

    const refused = (change: Parameters<typeof writeErrorConfig>[1]) => {
      try {
        writeErrorConfig(project.db, change);
      } catch (error) {
        expect(error).toBeInstanceOf(FaultlineError);
        return (error as FaultlineError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ hierarchy: { parents: { vehicle: 'machine', machine: 'vehicle' }, aliases: { car: ['car'] } } })).toBe(
      'The class hierarchy is not valid: parents: superclass cycle machine → vehicle → machine; aliases.car: a class cannot be an alias of itself.',
    );
    expect(refused({ settings: { correctRecall: 2 } })).toMatch(/correctRecall/);
    expect(readErrorConfig(project.db).custom.hierarchy).toBe(false);

    writeErrorConfig(project.db, { hierarchy: { superclasses: { car: 'vehicle' }, aliases: { car: ['truck'] } } });
    await classifyModelErrors(project.db, { modelIds: [ids.baseId], sets: ['T0'] });
    expect(runOf(ids.baseId).totals.acceptable.regions).toBe(3);
    const reset = writeErrorConfig(project.db, { hierarchy: null, settings: null });
    expect(reset.custom).toEqual({ hierarchy: false, settings: false });
    expect(reset.settings.missedBackgroundShare).toBe(0.5);
  });

  it('keeps the previous run whole when a job is cancelled, and refuses unknown sets and models', async () => {
    const before = runOf(ids.baseId).runId;
    let calls = 0;
    const ctx: JobContext = {
      signal: new AbortController().signal,
      progress: () => undefined,
      throwIfCancelled() {
        if (++calls > 10) throw new FaultlineError('cancelled', 'cancelled');
      },
    };
    await expect(classifyModelErrors(project.db, { modelIds: [ids.baseId], sets: ['T0'] }, ctx)).rejects.toMatchObject({ code: 'cancelled' });
    expect(runOf(ids.baseId).runId).toBe(before);
    await expect(classifyModelErrors(project.db, { sets: ['T7'] })).rejects.toThrow('There is no labelled set named "T7" (the labelled sets are: S0, T0).');
    await expect(classifyModelErrors(project.db, { modelIds: [99] })).rejects.toMatchObject({ code: 'not_found' });
  });
});
