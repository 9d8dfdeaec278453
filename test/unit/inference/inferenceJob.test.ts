import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract/events.js';
import { EventBus } from '../../../electron/core/events/eventBus.js';
import { describeProgress, startInferenceJob } from '../../../electron/core/inference/inferenceJob.js';
import { JobRunner } from '../../../electron/core/jobs/jobRunner.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let bus: EventBus;
let jobs: JobRunner;
let events: EventPayload<'job.progress'>[];

beforeEach(async () => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Jobs');
  await addModel(project, writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard()), probeInWorker);
  const png = await splitImagePng(8, 6, [200, 20, 20]);
  for (let i = 0; i < 24; i++) await addImageFile(project.db, project.dir, `images/${i}.png`, png);
  bus = new EventBus();
  jobs = new JobRunner(bus);
  events = [];
  bus.subscribe((name, payload) => name === 'job.progress' && events.push(payload as EventPayload<'job.progress'>));
});
afterEach(async () => {
  await jobs.cancelAll();
  project.close();
  temp.cleanup();
});

const input = { provider: 'cpu', storeProbs: false, retryFailed: false } as const;

describe('inference job', () => {
  it('reports progress with the provider and rate, and ends done with a summary message', async () => {
    const { jobId, done } = startInferenceJob(jobs, project, input);
    const summary = await done;
    expect(summary.processed).toBe(24);
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
    const { jobId, done } = startInferenceJob(jobs, project, input);
    expect(() => startInferenceJob(jobs, project, input)).toThrow(/already in progress/);
    expect(jobs.cancel(jobId)).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'cancelled' });
    expect(jobs.list().find((j) => j.jobId === jobId)?.state).toBe('cancelled');
    const stored = project.db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
    expect(stored).toBeLessThan(24);
  });
});
