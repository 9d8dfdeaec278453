import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { inferenceStatus } from '../../../electron/core/inference/inferenceStatus.js';
import { runInferenceJob } from '../../../electron/core/inference/inferenceJob.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { readPrediction } from '../../../electron/core/store/predictions.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Inference retry');
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

function context(messages: string[]): JobContext {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    progress: (_done, _total, message) => {
      if (message) messages.push(message);
    },
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new FaultlineError('cancelled', 'cancelled');
    },
  };
}

describe('inference with image files that cannot be read', () => {
  it('records no error for a missing file, says it is left for next time, and the next run computes it', async () => {
    const files = writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard());
    const modelId = (await addModel(project, files, probeInWorker)).id;
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await addImageFile(project.db, project.dir, `images/${i}.png`, await splitImagePng(8, 6, [220, 20, 20], [20, 20, 220])));
    const path = join(project.dir, 'images', '1.png');
    renameSync(path, `${path}.away`);

    const options = { provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 } as const;
    const messages: string[] = [];
    const first = await runInferenceJob(project, options, context(messages));
    expect(first).toMatchObject({ processed: 2, failed: 0, retryable: 1, cancelled: false });
    expect(first.retryReason).toBe('images/1.png: ENOENT (no such file or directory)');
    expect(first.models[0]).toMatchObject({ processed: 2, failed: 0, retryable: 1 });
    expect(readPrediction(project.db, ids[1]!, modelId)).toBeNull();
    expect(messages.at(-1)).toMatch(/^Done: 2 images, 0 failed, in .* s\. 1 image could not be read \(images\/1\.png: ENOENT .*\); no error was recorded, so the next run computes it\.$/);
    expect(inferenceStatus(project.db)).toMatchObject({ models: [{ modelId, images: 3, done: 2, failed: 0, pending: 1 }] });

    renameSync(`${path}.away`, path);
    const second = await runInferenceJob(project, options, context([]));
    expect(second).toMatchObject({ processed: 1, failed: 0, retryable: 0, retryReason: null });
    expect(readPrediction(project.db, ids[1]!, modelId)).toMatchObject({ failure: null, width: 8, height: 6 });
    expect(inferenceStatus(project.db)).toMatchObject({ models: [{ modelId, images: 3, done: 3, failed: 0, pending: 0 }] });
  });
});
