import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import type { EventPayload } from '../../../shared/contract/events.js';
import { createCore, headlessHost, type Core } from '../../../electron/core/index.js';
import { describeProgress } from '../../../electron/core/inference/inferenceJob.js';
import type { ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';

let temp: ReturnType<typeof makeTempDir>;
let core: Core;
let client: Client;
let project: ProjectDb;
let events: EventPayload<'job.progress'>[];

beforeEach(async () => {
  temp = makeTempDir();
  core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
  client = createClient(inProcessTransport(core));
  await client.call('project.create', { dir: join(temp.dir, 'project'), name: 'Jobs' });
  project = core.session.requireWritable();
  await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard()), probeInWorker);
  const png = await splitImagePng(8, 6, [200, 20, 20]);
  for (let i = 0; i < 24; i++) await addImageFile(project.db, project.dir, `images/${i}.png`, png);
  events = [];
  client.on('job.progress', (event) => events.push(event));
});
afterEach(async () => {
  await core.dispose();
  temp.cleanup();
});

const input = { provider: 'cpu', storeProbs: false, retryFailed: false } as const;

describe('inference job', () => {
  it('reports progress with the provider and rate, and ends done with a summary message', async () => {
    const { jobId } = await client.call('inference.run', input);
    const outcome = await client.call('jobs.wait', { jobId });
    expect(outcome).toMatchObject({ kind: 'inference', state: 'done', error: null, result: { processed: 24 } });
    const mine = events.filter((e) => e.jobId === jobId);
    expect(mine.at(-1)).toMatchObject({ state: 'done', done: 24, total: 24, message: expect.stringMatching(/^Done: 24 images, 0 failed/) });
    const dones = mine.map((e) => e.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('describes progress with the model, provider, counts, rate and time left', () => {
    const model = { modelId: 1, name: 'colour', version: '1.0', provider: 'cpu', fallbacks: [], workers: 2, threads: 1, batchSize: 4, pending: 300 } as const;
    expect(describeProgress({ done: 120, failed: 2, total: 300, imagesPerSecond: 40, etaSeconds: 4.5, model: { ...model, fallbacks: [] } })).toBe(
      'colour 1.0 on CPU: 120/300 images, 2 failed, 40.0 images/s, ETA 5 s',
    );
  });

  it('allows one run at a time and stops when cancelled', async () => {
    const { jobId } = await client.call('inference.run', input);
    await expect(client.call('inference.run', input)).rejects.toThrow(/already in progress/);
    expect(await client.call('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect(await client.call('jobs.wait', { jobId })).toMatchObject({ state: 'cancelled', error: null, result: { cancelled: true } });
    expect((await client.call('jobs.list')).find((j) => j.jobId === jobId)?.state).toBe('cancelled');
    const stored = project.db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
    expect(stored).toBeLessThan(24);
  });

  it('refuses a model that is not there, and a project without models, before any job exists', async () => {
    await expect(client.call('inference.run', { ...input, modelIds: [99] })).rejects.toMatchObject({ code: 'not_found' });
    await client.call('project.create', { dir: join(temp.dir, 'empty') });
    await expect(client.call('inference.run', input)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/no models yet/) });
    expect(await client.call('jobs.list')).toEqual([]);
  });
});
