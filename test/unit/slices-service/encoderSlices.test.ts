import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { SliceGenerator } from '../../../shared/slices/generator.js';
import { fetchFreshByRetrieval } from '../../../electron/core/slices/freshRetrieval.js';
import { fetchFreshByGenerator } from '../../../electron/core/slices/generatorConfirmation.js';
import { runSlices } from '../../../electron/core/slices/runSlices.js';
import { readSliceReport } from '../../../electron/core/slices/sliceReport.js';
import { createCore, headlessHost, type Core } from '../../../electron/core/index.js';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { seedSliceWorld, type SliceWorld } from '../../helpers/seedSliceWorld.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';
import { writeTinyCaptioner, writeTinyClip } from '../../helpers/tinyTransformersModels.js';

/**
 * Slices embedded by a CLIP-like encoder and described by a captioner that the user put in the
 * project's models/ folder (tiny random-weight folders, run by transformers.js offline). A
 * random-weight patch encoder still sees how dark an image is, so the planted night weakness
 * must come out in its space too.
 */
describe('slices with an image encoder and a captioner from models/', () => {
  const temp = makeTempDir();
  let world: SliceWorld;
  let core: Core;
  let client: Client;
  let runId: number;
  const home = join(temp.dir, 'home');
  const isNight = new Map<number, boolean>();
  const params = SliceParams.parse({ population: 'labelled', miouBelow: 0.3, seed: 1 });

  const encoderRows = () =>
    world.project.db.prepare("SELECT count(*) FROM slice_embeddings WHERE embedder LIKE 'encoder:tiny-clip@%' AND error IS NULL").pluck().get() as number;

  beforeAll(async () => {
    const seeded = await seedSliceWorld(`${temp.dir}/p`, { train: 16, plain: 80, night: 70, poolPlain: 20, poolNight: 20 });
    // The core holds the project from here on (one writer per project), as the app's would.
    seeded.project.close();
    core = createCore({ host: headlessHost('in-process'), userDataDir: home });
    client = createClient(inProcessTransport(core));
    await client.call('project.open', { dir: seeded.project.dir });
    world = { ...seeded, project: core.session.requireWritable() };
    for (const image of [...world.labelled, ...world.pool]) isNight.set(image.id, image.night);
    writeTinyClip(join(world.project.dir, 'models', 'tiny-clip'));
    writeTinyCaptioner(join(world.project.dir, 'models', 'tiny-captioner'));
    runId = (await runSlices(world.project, { params }, undefined, { userDataDir: home })).runId;
  }, 120_000);
  afterAll(async () => {
    await core?.dispose();
    temp.cleanup();
  });

  it('embeds with the encoder found under models/ and confirms the night slice in its space', () => {
    const report = readSliceReport(world.project.db, { runId })!;
    expect(report.embedding).toMatchObject({ source: 'encoder', encoder: 'tiny-clip', text: true, dims: 12 });
    expect(report.params.embedding).toBe('auto');
    expect(encoderRows()).toBe(150);
    const top = report.slices[0]!;
    expect(top.test.confirmed).toBe(true);
    const night = top.examples.filter((e) => isNight.get(e.imageId)).length;
    expect(night).toBeGreaterThanOrEqual(top.examples.length - 1);
  });

  it('captions up to eight examples per slice and contrasts their words with captions outside every slice', () => {
    const report = readSliceReport(world.project.db, { runId })!;
    expect(report.captioner).toEqual({ name: 'tiny-captioner', reference: 16 });
    for (const slice of report.slices) {
      expect(slice.captions.length).toBeGreaterThan(0);
      expect(slice.captions.length).toBeLessThanOrEqual(8);
      for (const c of slice.captions) expect(c.caption.length).toBeGreaterThan(0);
      for (const w of slice.captionWords) {
        expect(w.insideTotal).toBe(slice.captions.length);
        expect(w.inside / w.insideTotal).toBeGreaterThanOrEqual(0.4);
      }
      expect(slice.captionSummary === null).toBe(slice.captionWords.length === 0);
    }
    const cached = world.project.db.prepare("SELECT count(*) FROM image_captions WHERE captioner LIKE 'captioner:tiny-captioner@%'").pluck().get() as number;
    expect(cached).toBe(report.slices.reduce((n, s) => n + s.captions.length, 0) + 16);
  });

  it("gives a generator the slice's description with its caption words", async () => {
    // Random weights rarely agree on a word: the run's stored caption words are set by hand here.
    const { db } = world.project;
    const stored = JSON.parse(db.prepare('SELECT report FROM slice_runs WHERE id = ?').pluck().get(runId) as string) as { slices: Array<{ captionSummary: string | null }> };
    const original = JSON.stringify(stored);
    stored.slices[0]!.captionSummary = 'captions mention night (6 of 8; 1 of 16 elsewhere)';
    db.prepare('UPDATE slice_runs SET report = ? WHERE id = ?').run(JSON.stringify(stored), runId);
    const seen: string[] = [];
    const recorder: SliceGenerator = {
      id: 'recorder',
      label: 'Recorder',
      plan: async (description) => {
        seen.push(description.text);
        return { ok: false, reason: 'only recording' };
      },
      generate: async () => [],
    };
    try {
      await expect(fetchFreshByGenerator(world.project, { runId, sliceIndex: 0, count: 5, seed: 1 }, recorder)).rejects.toThrow('only recording');
      const description = readSliceReport(db, { runId })!.slices[0]!.description;
      expect(seen).toEqual([`${description}; captions mention night (6 of 8; 1 of 16 elsewhere)`]);
    } finally {
      db.prepare('UPDATE slice_runs SET report = ? WHERE id = ?').run(original, runId);
    }
  });

  it('a second run with the captioner off reuses every cached vector', async () => {
    const before = encoderRows();
    const again = await runSlices(world.project, { params: { ...params, captioner: 'off' } }, undefined, { userDataDir: home });
    expect(encoderRows()).toBe(before);
    expect(readSliceReport(world.project.db, { runId: again.runId })!.captioner).toBeNull();
  }, 60_000);

  it('retrieves fresh pool images by text with the text tower, with controls less similar than the median', async () => {
    const result = await fetchFreshByRetrieval(world.project, { runId, sliceIndex: 0, count: 8, seed: 1, query: 'a street at night' }, undefined, { userDataDir: home });
    expect(result.inside).toBe(8);
    expect(result.outside).toBe(8);
    const check = readSliceReport(world.project.db, { runId })!.slices[0]!.fresh.at(-1)!;
    expect(check).toMatchObject({ source: 'retrieval', query: 'a street at night', total: 16, rated: 0 });
    expect(check.summary).toBe('Images matching “a street at night”: waiting for ratings: 0 of 16 fresh images have a score.');
    // Fresh images were never part of the run: 40 pool images, all new to it.
    expect(encoderRows()).toBe(190);
  }, 60_000);

  it('refuses a text query on a run that used the model’s own features, before any job starts', async () => {
    const own = await runSlices(world.project, { params: { ...params, embedding: 'target', captioner: 'off' } }, undefined, { userDataDir: home });
    await expect(client.call('slices.fetchFresh', { runId: own.runId, sliceIndex: 0, source: 'retrieval', count: 5, query: 'night' })).rejects.toThrow(
      /not embedded with a CLIP-like encoder that has a text model/,
    );
    expect(await client.call('jobs.list')).toEqual([]);
  }, 60_000);

  it('refuses to place fresh images once the encoder weights changed since the run', async () => {
    writeTinyClip(join(world.project.dir, 'models', 'tiny-clip'), { seed: 1234 });
    await expect(fetchFreshByRetrieval(world.project, { runId, sliceIndex: 0, count: 5, seed: 2 }, undefined, { userDataDir: home })).rejects.toThrow(
      /models\/tiny-clip has changed since slice run/,
    );
  });

  it('refuses an encoder name that is not there, naming the ones that are', async () => {
    await expect(runSlices(world.project, { params: { ...params, embedding: 'clip-large' } }, undefined, { userDataDir: home })).rejects.toThrow(
      /no model folder 'clip-large'.*tiny-clip/,
    );
  });
});
