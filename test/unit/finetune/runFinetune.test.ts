import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import { createClient, type Client } from '../../../shared/client/createClient.js';
import { createCore, headlessHost, type Core } from '../../../electron/core/index.js';
import { finetunePreview } from '../../../electron/core/finetune/finetunePreview.js';
import { locateInitializers } from '../../../electron/core/finetune/initializerBytes.js';
import { planFinetune, runFinetune } from '../../../electron/core/finetune/runFinetune.js';
import { runInference } from '../../../electron/core/inference/runInference.js';
import type { JobContext } from '../../../electron/core/jobs/jobRunner.js';
import { loadModel, loadModels } from '../../../electron/core/store/models.js';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { parseModel } from '../../../models/onnx/graphBuilder.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { demoMiou, seedFinetuneProject, type FinetuneWorld } from '../../helpers/seedFinetuneProject.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { inProcessTransport } from '../../helpers/wsClientTransport.js';

function context(onProgress: (done: number, total: number | null, message?: string) => void = () => undefined, controller = new AbortController()): JobContext {
  return {
    signal: controller.signal,
    progress: onProgress,
    throwIfCancelled() {
      if (controller.signal.aborted) throw new FaultlineError('cancelled', 'fine-tune was cancelled.');
    },
  };
}

async function outputDims(bytes: Uint8Array, world: FinetuneWorld): Promise<{ dims: readonly number[]; data: Float32Array }> {
  const { input, output } = world.card;
  const session = await ort.InferenceSession.create(bytes);
  const image = new Float32Array(3 * input.width * input.height).fill(0.25);
  const out = (await session.run({ [input.tensorName]: new ort.Tensor('float32', image, [1, 3, input.height, input.width]) }))[output.tensorName]!;
  await session.release();
  return { dims: out.dims, data: out.data as Float32Array };
}

const HEAD_ONLY = { seed: 3, trainable: 'head', acceptWorse: true } as const;

describe('fine-tuning the target head or tail (demo context-pyramid, night counterexamples)', () => {
  const temp = makeTempDir();
  let world: FinetuneWorld;
  let core: Core;
  let client: Client;
  let run: FinetuneRun;
  const messages: string[] = [];

  beforeAll(async () => {
    const seeded = await seedFinetuneProject(join(temp.dir, 'p'), { train: 10, hard: 6, condition: 'night' });
    // The core holds the project from here on (one writer per project), as the app's would.
    seeded.project.close();
    core = createCore({ host: headlessHost('in-process'), userDataDir: join(temp.dir, 'home') });
    client = createClient(inProcessTransport(core));
    await client.call('project.open', { dir: seeded.project.dir });
    world = { ...seeded, project: core.session.requireWritable() };
    run = await runFinetune(world.project, planFinetune(world.project.db, HEAD_ONLY), context((_d, _t, m) => m && messages.push(m)));
  });
  afterAll(async () => {
    await core.dispose();
    temp.cleanup();
  });

  const newBytes = (r: FinetuneRun) => new Uint8Array(readFileSync(join(world.project.dir, r.onnxRelPath)));

  it("raises the target's mIoU on the counterexample images it was fitted on", async () => {
    const before = await demoMiou(world.bytes, world.card, world.newImages);
    const after = await demoMiou(newBytes(run), world.card, world.newImages);
    expect(after).toBeGreaterThan(before + 0.1);
    expect(run.after.new.loss).toBeLessThan(run.before.new.loss);
    expect(run.after.new.accuracy).toBeGreaterThan(run.before.new.accuracy);
    // One S0 image in five is held out to choose the learning rate on (the project has no T0).
    expect(run.images).toEqual({ old: 8, new: 6 });
    expect(run.validation).toMatchObject({ source: 'held-out S0', images: 2 });
    expect(run.featureSize).toEqual({ width: world.card.input.width, height: world.card.input.height });
    expect(messages.some((m) => m.startsWith('Extracting features'))).toBe(true);
    expect(messages.some((m) => m.startsWith('Fitting the head'))).toBe(true);
  });

  it('writes a file that differs from the parent only in the classifier initializers and runs with the same output shape', async () => {
    const parent = world.bytes;
    const child = newBytes(run);
    expect(child.length).toBe(parent.length);
    const head = world.card.head!;
    const segments = locateInitializers(parent)
      .filter((t) => t.name === head.weightInitializer || t.name === head.biasInitializer)
      .flatMap((t) => t.segments);
    const inHead = (i: number) => segments.some((s) => i >= s.offset && i < s.offset + 4 * s.count);
    const changed = [...child.keys()].filter((i) => child[i] !== parent[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every(inHead)).toBe(true);
    // Plain JSON (protobufjs's own form): byte views of different buffers compare equal by value.
    const plain = (bytes: Uint8Array) => JSON.parse(JSON.stringify(parseModel(bytes).graph)) as { node: unknown[]; initializer: Array<{ name: string }> };
    const [a, b] = [plain(parent), plain(child)];
    const others = (g: typeof a) => g.initializer.filter((t) => t.name !== head.weightInitializer && t.name !== head.biasInitializer);
    expect(b.node).toEqual(a.node);
    expect(others(b)).toEqual(others(a));
    expect(others(a)).toHaveLength(a.initializer.length - 2);
    const [before, after] = [await outputDims(parent, world), await outputDims(child, world)];
    expect(after.dims).toEqual(before.dims);
    expect(after.data).not.toEqual(before.data);
  });

  it('registers the next version with its parent, the same card and class map, as the target; the parent stays', () => {
    const parent = loadModel(world.project.db, world.modelId);
    const child = loadModel(world.project.db, run.modelId);
    expect(child.version).toBe('1.0.0+ft1');
    expect(child.onnxRelPath).toBe('models/context-pyramid-1.0.0_ft1.onnx');
    expect(child.card).toEqual({ ...parent.card, version: '1.0.0+ft1' });
    expect(child.classMap).toEqual(parent.classMap);
    expect(child.isTarget).toBe(true);
    expect(parent.isTarget).toBe(false);
    expect(world.project.db.prepare('SELECT parent_id FROM models WHERE id = ?').pluck().get(run.modelId)).toBe(world.modelId);
    expect(loadModels(world.project.db).map((m) => m.version)).toEqual(['1.0.0', '1.0.0+ft1']);
  });

  it('gives byte-identical weights for the same seed, and other weights for another seed', async () => {
    const again = await runFinetune(world.project, planFinetune(world.project.db, { ...HEAD_ONLY, modelId: world.modelId }), context());
    const other = await runFinetune(world.project, planFinetune(world.project.db, { ...HEAD_ONLY, modelId: world.modelId, seed: 4 }), context());
    expect([again.version, other.version]).toEqual(['1.0.0+ft2', '1.0.0+ft3']);
    expect(newBytes(again)).toEqual(newBytes(run));
    expect(newBytes(other)).not.toEqual(newBytes(run));
  });

  it('describes what it would learn from, and the latest run', () => {
    const preview = finetunePreview(world.project.db);
    expect(preview).toMatchObject({ hasHead: true, featureChannels: 32, old: { images: 10, pixels: 10 * 128 * 96 }, new: { images: 6 }, problem: null });
    expect(preview.model?.version).toBe('1.0.0+ft3');
    expect(preview.lastRun?.version).toBe('1.0.0+ft3');
  });

  it('refits the whole tail when asked: only the hidden layer and classifier initializers change, the grid is recorded and the best rate kept', async () => {
    const tailRun = await runFinetune(world.project, planFinetune(world.project.db, { modelId: world.modelId, seed: 3, trainable: 'tail', acceptWorse: true }), context());
    expect(tailRun.trainable).toBe('tail');
    const parent = world.bytes;
    const child = newBytes(tailRun);
    const names = world.card.tail!.layers.flatMap((l) => [l.weightInitializer, l.biasInitializer]);
    const located = locateInitializers(parent).filter((t) => names.includes(t.name));
    expect(located).toHaveLength(4);
    const inTail = (i: number) => located.some((t) => t.segments.some((s) => i >= s.offset && i < s.offset + 4 * s.count));
    const changed = [...child.keys()].filter((i) => child[i] !== parent[i]);
    expect(changed.every(inTail)).toBe(true);
    const hidden = located.find((t) => t.name === world.card.tail!.layers[0]!.weightInitializer)!.segments[0]!;
    expect(changed.some((i) => i >= hidden.offset && i < hidden.offset + 4 * hidden.count)).toBe(true);
    expect(tailRun.grid!.map((g) => g.learningRate)).toEqual([0.05, 0.25, 0.5]);
    const best = Math.max(...tailRun.grid!.map((g) => g.miou ?? -1));
    expect(tailRun.validation!.miou).toBe(best);
    expect(tailRun.chosenLearningRate).toBe(tailRun.grid!.find((g) => g.miou === best)!.learningRate);
    const before = await demoMiou(world.bytes, world.card, world.newImages);
    expect(await demoMiou(child, world.card, world.newImages)).toBeGreaterThan(before + 0.1);
  });

  it('refuses to register a version worse on validation than its parent by more than the margin unless accepted', async () => {
    const models = loadModels(world.project.db).length;
    const plan = planFinetune(world.project.db, { modelId: world.modelId, seed: 3, trainable: 'tail' });
    await expect(runFinetune(world.project, plan, context())).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/below its parent's .* so it was not registered/) });
    expect(loadModels(world.project.db)).toHaveLength(models);
  });

  it("produces the new version's predictions with the normal inference job", async () => {
    const summary = await runInference(world.project, { modelIds: [run.modelId], provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 });
    expect(summary.processed).toBe(16);
    expect(summary.failed).toBe(0);
  });

  it('stops when cancelled and registers nothing', async () => {
    const models = loadModels(world.project.db).length;
    const controller = new AbortController();
    const ctx = context((done) => done >= 2 && controller.abort(), controller);
    await expect(runFinetune(world.project, planFinetune(world.project.db, {}), ctx)).rejects.toMatchObject({ code: 'cancelled' });
    expect(loadModels(world.project.db)).toHaveLength(models);
  });

  it('runs as a job, one at a time', async () => {
    const first = await client.call('finetune.run', { iterations: 20, acceptWorse: true });
    await expect(client.call('finetune.run', { iterations: 20, acceptWorse: true })).rejects.toThrow(/already running/);
    const outcome = await client.call('jobs.wait', { jobId: first.jobId });
    expect(outcome).toMatchObject({ kind: 'finetune', state: 'done', error: null });
    const done = outcome.result as FinetuneRun;
    expect((await client.call('jobs.list')).find((j) => j.jobId === first.jobId)).toMatchObject({ state: 'done', message: expect.stringContaining(`${done.version} is the new target`) });
  });

  it('refuses a model whose card names no head, and a project without counterexamples, before any job starts', async () => {
    const colour = writeModel(join(temp.dir, 'colour'), 'colour', colourModel(), colourCard());
    const entry = await addModel(world.project, colour, probeInWorker);
    expect(() => planFinetune(world.project.db, { modelId: entry.id })).toThrow(expect.objectContaining({ code: 'unsupported', message: expect.stringMatching(/colour 1\.0 cannot be fine-tuned.*names no classifier head/) }));
    const jobsBefore = (await client.call('jobs.list')).length;
    await expect(client.call('finetune.run', { modelId: entry.id })).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/names no classifier head/) });
    expect(await client.call('jobs.list')).toHaveLength(jobsBefore);

    const empty = createProjectDb(join(temp.dir, 'empty'), 'No counterexamples');
    try {
      expect(() => planFinetune(empty.db, {})).toThrow(/no target model/);
      const demo = writeModel(join(temp.dir, 'demo'), 'demo', world.bytes, world.card);
      await addModel(empty, { ...demo, target: true }, probeInWorker);
      expect(() => planFinetune(empty.db, {})).toThrow(/no counterexamples with masks/);
      expect(finetunePreview(empty.db).problem).toMatch(/no counterexamples with masks/);
    } finally {
      empty.close();
    }
  });
});
