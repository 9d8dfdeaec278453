import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FaultlineError, isFaultlineError } from '../../../shared/contract/errors.js';
import { FINETUNE_CHECK, FINETUNE_DEFAULTS, FINETUNE_GRID, FINETUNE_WORSE_MARGIN, type FinetuneParams, type FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import { imageDisplayName } from '../../../shared/images/displayName.js';
import { referenceMask } from '../store/referenceMasks.js';
import { decodeForModel, type DecodedImage } from '../inference/decodeImage.js';
import { providerCandidates } from '../inference/providers.js';
import { modelBytes } from '../inference/runInference.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { checkGraph } from '../models/checkGraph.js';
import { loadModel, type RegisteredModel } from '../store/models.js';
import { readOnnxModelInfo } from '../models/onnxModelInfo.js';
import type { Db, ProjectDb } from '../store/openProjectDb.js';
import { maskLookup } from './featureLabels.js';
import type { PixelSource } from './finetuneProtocol.js';
import { FinetuneWorkerClient } from './finetuneWorkerClient.js';
import { requireHead, withFeatureOutput } from './headGraph.js';
import { defaultTrainable, readTrainableWeights, type Trainable } from './tailGraph.js';
import { patchFloats } from './initializerBytes.js';
import { registerFinetuned } from './registerVersion.js';
import { finetuneImages, recordFinetuneRun, userTestImages, type FinetuneImages } from '../store/finetuneData.js';
import { imageFile } from '../store/images.js';
import { targetModelId } from '../store/models.js';

export interface FinetuneSettings {
  iterations: number;
  learningRate: number;
  batchSize: number;
  seed: number;
  trainable: Trainable;
  learningRateGrid: number[];
  acceptWorse: boolean;
}

/** The images a fine-tune learns from, and those it chooses its learning rate on. */
export interface FinetunePlan {
  model: RegisteredModel;
  images: FinetuneImages & { validation: number[]; validationSource: 'T0' | 'held-out S0' };
  settings: FinetuneSettings;
}

/** Every HOLD_OUT-th S0 image (at least one of two or more) validates when the project has no T0. */
const HOLD_OUT = 5;

/** Feature floats the reservoirs may hold together (64 MiB), spread over classes and sources. */
const RESERVOIR_FLOATS = 16 * 1024 * 1024;
const SOURCES = ['old', 'new', 'validation'] as const satisfies readonly PixelSource[];
const MIN_PER_CLASS = 256;
const MAX_PER_CLASS = 10_000;

const SOURCE_NAMES: Record<PixelSource, string> = { old: 'S0', new: 'counterexamples', validation: 'validation' };

const label = (m: Pick<RegisteredModel, 'name' | 'version'>): string => `${m.name} ${m.version}`;

/** The current target model, or null when the project has none. */
export function targetModel(db: Db): RegisteredModel | null {
  const id = targetModelId(db);
  return id === undefined ? null : loadModel(db, id);
}

/**
 * Checks that a fine-tune can start and fixes what it will use: the model (the target unless
 * one is named), its head, and S0 ∪ S(1..i). Refusals come here, before any job starts.
 */
export function planFinetune(db: Db, params: FinetuneParams): FinetunePlan {
  const model = params.modelId === undefined ? targetModel(db) : loadModel(db, params.modelId);
  if (!model) throw new FaultlineError('invalid_input', 'There is no target model to fine-tune; add a model and make it the target in the Models view.');
  const trainable = params.trainable ?? defaultTrainable(model.card);
  if (trainable === 'head') requireHead(model.card, label(model));
  else if (!model.card.tail) {
    throw new FaultlineError('unsupported', `${label(model)} cannot be fine-tuned in the app beyond its head: its card names no trainable tail (tail.featureTensor, featureChannels, layers). Fine-tune the head alone.`);
  }
  const images = finetuneImages(db);
  if (images.new.length === 0) {
    throw new FaultlineError(
      'invalid_input',
      'There are no counterexamples with masks to learn from yet: confirm the worst-rated images of a round as S(i) and label them, then fine-tune. (Fine-tuning on S0 alone would only repeat the original training.)',
    );
  }
  const t0 = userTestImages(db);
  const everyFifth = images.old.filter((_, i) => i % HOLD_OUT === HOLD_OUT - 1);
  const heldOut = t0.length > 0 ? [] : everyFifth.length > 0 ? everyFifth : images.old.slice(images.old.length >= 2 ? -1 : images.old.length);
  if (t0.length === 0 && heldOut.length === 0) {
    throw new FaultlineError('invalid_input', 'There is nothing to choose the learning rate on: add a test set T0 with ground truth, or at least two training images (S0) so one can be held out.');
  }
  const held = new Set(heldOut);
  return {
    model,
    images: {
      old: images.old.filter((id) => !held.has(id)),
      new: images.new,
      validation: t0.length > 0 ? t0 : heldOut,
      validationSource: t0.length > 0 ? 'T0' : 'held-out S0',
    },
    settings: {
      iterations: params.iterations ?? FINETUNE_DEFAULTS.iterations,
      learningRate: params.learningRate ?? FINETUNE_DEFAULTS.learningRate,
      batchSize: params.batchSize ?? FINETUNE_DEFAULTS.batchSize,
      seed: params.seed ?? FINETUNE_DEFAULTS.seed,
      trainable,
      learningRateGrid: params.learningRateGrid ?? [...FINETUNE_GRID],
      acceptWorse: params.acceptWorse ?? false,
    },
  };
}

function perClassCapacity(classes: number, channels: number): number {
  return Math.max(MIN_PER_CLASS, Math.min(MAX_PER_CLASS, Math.floor(RESERVOIR_FLOATS / (SOURCES.length * classes * channels))));
}

interface PreparedImage {
  imageId: number;
  source: PixelSource;
  decoded?: DecodedImage;
  mask?: Uint8Array;
  problem?: string;
}

/** Decodes one image for the model with its reference mask; never rejects (a problem skips the image). */
async function prepare(project: ProjectDb, model: RegisteredModel, imageId: number, source: PixelSource): Promise<PreparedImage> {
  try {
    const row = imageFile(project.db, imageId);
    const reference = referenceMask(project.db, imageId);
    if (!row || !reference) return { imageId, source, problem: 'no reference mask' };
    let decoded: DecodedImage;
    try {
      decoded = await decodeForModel(join(project.dir, row.relPath), model.card.input);
    } catch (error) {
      return { imageId, source, problem: `cannot decode ${imageDisplayName({ imageId, ...row })}: ${(error as Error).message}` };
    }
    if (decoded.plan.srcW !== reference.width || decoded.plan.srcH !== reference.height) {
      return { imageId, source, problem: `the image is ${decoded.plan.srcW}×${decoded.plan.srcH} but its mask is ${reference.width}×${reference.height}` };
    }
    return { imageId, source, decoded, mask: reference.mask };
  } catch (error) {
    return { imageId, source, problem: (error as Error).message };
  }
}

/**
 * Fine-tunes the plan's model: features of every S0, S and validation image (the model run with
 * its feature tensor as an extra output, in a worker), bounded reservoirs of labelled feature
 * pixels, SGD on the head or the whole tail with batches mixing S0 and S, once per rate of the
 * learning-rate grid with early stopping on the validation pixels, the best fit kept; then the
 * new weights patched into a copy of the file and registered as the next version and the
 * target. A version worse on validation than its parent by more than the margin is refused
 * unless the caller accepts it. Cancelling answers at once and registers nothing; the worker ends
 * at once during the fit, else after the image it is running (see FinetuneWorkerClient.close).
 */
export async function runFinetune(project: ProjectDb, plan: FinetunePlan, ctx: JobContext): Promise<FinetuneRun> {
  const started = performance.now();
  const { model, images, settings } = plan;
  const { card } = model;
  const bytes = await modelBytes(project.dir, model);
  const trainable = readTrainableWeights(bytes, card, label(model), settings.trainable);
  const featureBytes = withFeatureOutput(bytes, trainable, label(model));
  const { fixedBatch } = checkGraph(readOnnxModelInfo(bytes), card);
  const order: Array<{ imageId: number; source: PixelSource }> = [
    ...images.old.map((imageId) => ({ imageId, source: 'old' as const })),
    ...images.new.map((imageId) => ({ imageId, source: 'new' as const })),
    ...images.validation.map((imageId) => ({ imageId, source: 'validation' as const })),
  ];
  const grid = settings.learningRateGrid;
  const total = order.length + settings.iterations * grid.length;
  const client = new FinetuneWorkerClient();
  const onAbort = (): void => void client.close();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    ctx.progress(0, total, `Loading ${label(model)}…`);
    const ready = await client.init({
      modelBytes: featureBytes,
      candidates: providerCandidates('auto', process.platform, ort.listSupportedBackends()),
      threads: Math.max(1, availableParallelism() - 1),
      card,
      features: { tensor: trainable.featureTensor, channels: trainable.featureChannels },
      lut: maskLookup(model.classMap),
      capacity: perClassCapacity(card.classes.length, trainable.featureChannels),
      seed: settings.seed,
      tensorBatch: fixedBatch ?? 1,
    });
    const skipped: FinetuneRun['skipped'] = [];
    const used = { old: 0, new: 0, validation: 0 };
    const seen = { old: 0, new: 0, validation: 0 };
    const featureSize = { width: 0, height: 0 };
    let next = order[0] ? prepare(project, model, order[0].imageId, order[0].source) : null;
    for (let i = 0; i < order.length; i++) {
      ctx.throwIfCancelled();
      const item = await next!;
      // Decoding the next image (libvips threads) overlaps the worker's run on this one.
      const after = order[i + 1];
      next = after ? prepare(project, model, after.imageId, after.source) : null;
      if (item.problem || !item.decoded || !item.mask) {
        skipped.push({ imageId: item.imageId, reason: item.problem ?? 'not prepared' });
        continue;
      }
      const added = await client.add({ source: item.source, rgb: item.decoded.rgb, plan: item.decoded.plan, mask: item.mask });
      used[item.source]++;
      seen[item.source] += added.pixels;
      featureSize.width = added.featureWidth;
      featureSize.height = added.featureHeight;
      ctx.progress(i + 1, total, `Extracting features: image ${i + 1} of ${order.length} (${SOURCE_NAMES[item.source]})`);
    }
    if (seen.new === 0) {
      throw new FaultlineError('invalid_input', `None of the ${images.new.length} counterexample images gave a labelled pixel the model's classes know (${skipped.length} skipped).`);
    }
    ctx.throwIfCancelled();
    const what = trainable.trainable === 'tail' ? `the tail (${trainable.layers.length} layers)` : 'the head';
    const fitted = await client.fit(
      { options: settings, layers: trainable.layers, grid, check: { ...FINETUNE_CHECK } },
      (step, done, loss) =>
        ctx.progress(order.length + step * settings.iterations + done, total, `Fitting ${what} at learning rate ${(settings.learningRate * grid[step]!).toPrecision(3)} (${step + 1} of ${grid.length}): iteration ${done}, loss ${loss.toFixed(3)}`),
    );
    ctx.throwIfCancelled();
    const validation = fitted.validation!;
    const worse = validation.before - validation.best.miou > FINETUNE_WORSE_MARGIN;
    if (worse && !settings.acceptWorse) {
      throw new FaultlineError(
        'invalid_input',
        `The fine-tuned ${label(model)} scores ${validation.best.miou.toFixed(3)} mIoU on ${images.validationSource} pixels, ${(validation.before - validation.best.miou).toFixed(3)} below its parent's ${validation.before.toFixed(3)} (margin ${FINETUNE_WORSE_MARGIN}), so it was not registered; fine-tune again with "Register even if worse on T0" ticked (CLI --accept-worse) to keep it.`,
      );
    }
    const patched = patchFloats(
      bytes,
      trainable.tensors.flatMap((t, l) => [
        { tensor: t.weight, values: fitted.layers[l]!.weight },
        { tensor: t.bias, values: fitted.layers[l]!.bias },
      ]),
    );
    const registered = registerFinetuned(project, model, patched);
    const run: FinetuneRun = {
      modelId: registered.modelId,
      parentId: model.id,
      name: model.name,
      version: registered.version,
      parentVersion: model.version,
      onnxRelPath: registered.onnxRelPath,
      iterations: settings.iterations,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      seed: settings.seed,
      images: { old: used.old, new: used.new },
      skipped,
      pixels: { oldSeen: seen.old, newSeen: seen.new, oldKept: fitted.pools.old, newKept: fitted.pools.new },
      featureSize,
      before: fitted.before,
      after: fitted.after,
      provider: ready.provider,
      seconds: (performance.now() - started) / 1000,
      createdAt: new Date().toISOString(),
      trainable: trainable.trainable,
      grid: fitted.grid,
      chosenLearningRate: fitted.learningRate,
      validation: {
        source: images.validationSource,
        images: used.validation,
        pixels: fitted.pools.validation,
        parentMiou: validation.before,
        miou: validation.best.miou,
        worse,
        accepted: worse,
      },
    };
    recordFinetuneRun(project.db, run);
    ctx.progress(total, total, `${model.name} ${registered.version} is the new target; run inference to get its predictions.`);
    return run;
  } catch (error) {
    if (ctx.signal.aborted) ctx.throwIfCancelled();
    throw isFaultlineError(error) ? error : new FaultlineError('internal', `Fine-tuning ${label(model)} failed: ${(error as Error).message}`);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    // Not waited for: after a cancel the worker may be inside an image's run, and the job is
    // reported cancelled at once; project close and shutdown wait for it (JobRunner.cancelAll).
    void client.close();
  }
}
