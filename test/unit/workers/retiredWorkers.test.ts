import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINETUNE_DEFAULTS, FINETUNE_GRID } from '../../../shared/contract/methods/finetuneMethods.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { runFinetune, type FinetunePlan } from '../../../electron/core/finetune/runFinetune.js';
import { FinetuneWorkerClient } from '../../../electron/core/finetune/finetuneWorkerClient.js';
import { maskLookup } from '../../../electron/core/finetune/featureLabels.js';
import { decodeForModel } from '../../../electron/core/inference/decodeImage.js';
import { EventBus } from '../../../electron/core/events/eventBus.js';
import { JobRunner, type JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { ScoreMapRunner, type ScoreMapImage } from '../../../electron/core/inference/scoreMaps.js';
import { withGraphOutputs } from '../../../electron/core/models/graphOutputs.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { EmbeddingSession } from '../../../electron/core/slices/embeddingSession.js';
import { writeGroundTruth } from '../../../electron/core/store/groundTruth.js';
import { loadModel, type RegisteredModel } from '../../../electron/core/store/models.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { resolveVisionModel } from '../../../electron/core/vision-models/visionModelFolders.js';
import { decodeForVision, VisionModelSession } from '../../../electron/core/vision-models/visionModelSession.js';
import { untilWorkersRetired } from '../../../electron/core/workers/workerChannel.js';
import { SLOW, slowHeadCard, slowHeadModel } from '../../fixtures/models/slowModels.js';
import { writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile } from '../../fixtures/models/tinyProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { writeTinyClip } from '../../helpers/tinyTransformersModels.js';

/**
 * A worker thread ended while onnxruntime runs in it takes the whole process down when the run
 * returns ("terminate called after throwing an instance of 'Napi::Error'"). Each worker that runs
 * onnxruntime is closed here while a run of a model slow enough to take seconds is in flight;
 * this test process itself is the host that must survive, and the closed worker must refuse what
 * comes after. The pause before each close only makes it land mid-run, where the process used to
 * die; what the test checks holds wherever the close lands.
 */
const MID_RUN_MS = 1000;
const midRun = () => new Promise((resolve) => setTimeout(resolve, MID_RUN_MS));

describe('workers that run onnxruntime are never ended under a run', () => {
  const temp = makeTempDir();
  let project: ProjectDb;
  let model: RegisteredModel;
  const images: ScoreMapImage[] = [];

  beforeAll(async () => {
    project = createProjectDb(join(temp.dir, 'p'), 'retired workers');
    const files = writeModel(join(temp.dir, 'src'), 'slow', slowHeadModel(), slowHeadCard());
    model = loadModel(project.db, (await addModel(project, files, probeInWorker)).id);
    for (let i = 0; i < 4; i++) {
      const relPath = `images/${i}.png`;
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40 * i, g: 200 - 40 * i, b: 90 } } }).png().toBuffer();
      images.push({ imageId: await addImageFile(project.db, project.dir, relPath, png), relPath, width: 64, height: 48 });
    }
    writeTinyClip(join(project.dir, 'models', 'slow-clip'), { slow: SLOW, text: false });
  }, 120_000);

  afterAll(async () => {
    await untilWorkersRetired();
    project.close();
    temp.cleanup();
  });

  it('an inference pool let go mid-pass refuses more batches and ends once its batches are run', { timeout: 120_000 }, async () => {
    const runner = await ScoreMapRunner.open(project.dir, model, { provider: 'cpu', workers: 2, batchSize: 1 });
    // The first score map, then the pass is dropped as a cancelled label-quality run drops it: the other batches are still running.
    for await (const outcome of runner.run(images)) {
      expect(outcome).toMatchObject({ imageId: images[0]!.imageId, classes: 3 });
      break;
    }
    await midRun();
    const closing = runner.close();
    await expect(async () => {
      for await (const outcome of runner.run(images.slice(0, 1))) return outcome;
    }).rejects.toThrow(/inference worker (was closed|has stopped)/);
    await closing;
  });

  it('an embedding session closed mid-run answers that run, then refuses', { timeout: 120_000 }, async () => {
    const session = await EmbeddingSession.open(project.dir, model);
    const decoded = await decodeForModel(join(project.dir, images[0]!.relPath), model.card.input);
    const item = { key: images[0]!.imageId, rgb: decoded.rgb, plan: decoded.plan };
    const running = session.run([item], false);
    await midRun();
    await session.close();
    expect((await running)[0]).toMatchObject({ key: item.key, vector: expect.any(Float32Array) });
    await expect(session.run([item], false)).rejects.toThrow('the embedding worker was closed');
  });

  it('cancelling every job (project close, shutdown) waits for workers a cancelled job left ending after their run', { timeout: 120_000 }, async () => {
    const session = await EmbeddingSession.open(project.dir, model);
    const decoded = await decodeForModel(join(project.dir, images[1]!.relPath), model.card.input);
    const running = session.run([{ key: images[1]!.imageId, rgb: decoded.rgb, plan: decoded.plan }], false);
    await midRun();
    let ended = false;
    // Not waited for, as a job reported cancelled at once leaves it.
    void session.close().then(() => {
      ended = true;
    });
    await new JobRunner(new EventBus()).cancelAll();
    expect(ended).toBe(true);
    expect((await running)[0]).toMatchObject({ key: images[1]!.imageId, vector: expect.any(Float32Array) });
  });

  it('a vision model session closed mid-run answers that run, then refuses', { timeout: 120_000 }, async () => {
    const session = await VisionModelSession.open(project.dir, resolveVisionModel(project.dir, 'image-encoder', 'slow-clip')!, { userDataDir: join(temp.dir, 'home') });
    const image = await decodeForVision(join(project.dir, images[0]!.relPath), images[0]!.imageId);
    const running = session.embedImages([image]);
    await midRun();
    await session.close();
    expect((await running)[0]).toMatchObject({ key: image.key, vector: expect.any(Float32Array) });
    await expect(session.embedImages([image])).rejects.toThrow('the vision model worker was closed');
  });

  it('a fine-tune cancelled while it extracts features is cancelled, and its worker ends after the run', { timeout: 120_000 }, async () => {
    const truth = deflateSync(new Uint8Array(64 * 48));
    writeGroundTruth(
      project.db,
      images.map((image) => ({ imageId: image.imageId, mask: truth, source: 'test', split: null, replace: true })),
    );
    const plan: FinetunePlan = {
      model,
      images: { old: [images[0]!.imageId], new: [images[1]!.imageId, images[2]!.imageId], validation: [images[3]!.imageId], validationSource: 'held-out S0' },
      settings: { ...FINETUNE_DEFAULTS, trainable: 'head', learningRateGrid: [...FINETUNE_GRID], acceptWorse: true },
    };
    const controller = new AbortController();
    let firstImage: () => void = () => undefined;
    const extracted = new Promise<void>((resolve) => (firstImage = resolve));
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (_done, _total, message) => message?.startsWith('Extracting features: image 1 ') && firstImage(),
      throwIfCancelled() {
        if (controller.signal.aborted) throw new FaultlineError('cancelled', 'fine-tune was cancelled.');
      },
    };
    const running = runFinetune(project, plan, ctx);
    // The next image's features are being extracted now.
    await extracted;
    await midRun();
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    await new JobRunner(new EventBus()).cancelAll();
  });

  it('a fine-tune closed while it extracts features fails that image at once and ends after its run', { timeout: 120_000 }, async () => {
    const client = new FinetuneWorkerClient();
    const { card } = model;
    await client.init({
      modelBytes: withGraphOutputs(slowHeadModel(), ['features']),
      candidates: ['cpu'],
      threads: 1,
      card,
      features: { tensor: 'features', channels: 4 },
      lut: maskLookup(model.classMap),
      capacity: 64,
      seed: 1,
      tensorBatch: 1,
    });
    const decoded = await decodeForModel(join(project.dir, images[0]!.relPath), card.input);
    const image = { source: 'new' as const, rgb: decoded.rgb, plan: decoded.plan, mask: new Uint8Array(64 * 48) };
    const events: string[] = [];
    const adding = client.add(image).then(
      () => events.push('added'),
      (error: Error) => events.push(error.message),
    );
    await midRun();
    const closing = client.close().then(() => events.push('ended'));
    await adding;
    await expect(client.add(image)).rejects.toThrow('the fine-tune worker was closed');
    await closing;
    // Cancelling answers at once; the worker still ends only after its run.
    expect(events).toEqual(['the fine-tune worker was closed', 'ended']);
  });
});
