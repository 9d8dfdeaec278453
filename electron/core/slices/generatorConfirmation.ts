import sharp from 'sharp';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { quantile } from '../../../shared/mining/quantile.js';
import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import type { GeneratedImage, SliceGenerator } from '../../../shared/slices/generator.js';
import type { RateCount } from '../../../shared/slices/sliceTest.js';
import { deriveSeed } from '../../../models/random.js';
import { planResize } from '../inference/resizePlan.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { projectClassCount } from '../mining/projectClasses.js';
import { loadModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { generatorCheckCount, loadRunState, loadStoredReport, saveFresh } from '../store/sliceRuns.js';
import type { EmbedItem } from './embeddingProtocol.js';
import { EmbeddingSession } from './embeddingSession.js';

export interface GeneratorResult {
  generator: string;
  plan: string;
  requested: number;
  /** Failures by image mIoU against the generated true mask, below this τ. */
  threshold: number;
  /** How τ was set: the run's τ for labelled images, or the failure share over both batches. */
  thresholdRule: string;
  inside: RateCount;
  outside: RateCount;
}

async function scaled(image: GeneratedImage, key: number, input: { width: number; height: number; resize: 'stretch' | 'letterbox' | 'crop' }): Promise<EmbedItem> {
  const plan = planResize(image.width, image.height, input.width, input.height, input.resize);
  const data = await sharp(Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength), { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(plan.scaledW, plan.scaledH, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { key, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), plan };
}

/** Runs the model on generated images and scores each against its true mask (image mIoU); unscorable images are left out. */
async function imageMious(session: EmbeddingSession, images: GeneratedImage[], input: Parameters<typeof scaled>[2], numClasses: number, ctx?: JobContext): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < images.length; start += session.batchSize) {
    ctx?.throwIfCancelled();
    const batch = images.slice(start, start + session.batchSize);
    const items = await Promise.all(batch.map((image, i) => scaled(image, start + i, input)));
    for (const result of await session.run(items, true)) {
      if ('error' in result || !result.labels) continue;
      const mask = images[result.key]!.mask;
      if (!mask) continue;
      const confusion = new EvalConfusion(numClasses);
      confusion.add(mask, result.labels);
      const miou = scoresFromConfusion(confusion).miou;
      if (miou !== null) out.push(miou);
    }
  }
  return out;
}

/**
 * Confirmation on generated images: the generator makes `count` images that fit the slice's
 * description and `count` controls that do not; the run's model segments both, each image fails
 * when its mIoU against the true mask is below τ, and the two failure rates are stored for the
 * same test as on held-out images. τ is the run's τ on labelled images; a run on the pool (whose
 * failure was disagreement) without a given mIoU τ uses its failure share over both batches
 * together: a rank-based cut that stays valid for Fisher's test, which conditions on the total.
 */
export async function fetchFreshByGenerator(
  project: { dir: string; db: Db },
  input: { runId: number; sliceIndex: number; count: number; seed: number },
  generator: SliceGenerator,
  ctx?: JobContext,
): Promise<GeneratorResult> {
  const { db } = project;
  const state = loadRunState(db, input.runId);
  const { report } = loadStoredReport(db, input.runId);
  const slice = report.slices[input.sliceIndex];
  if (!slice) throw new FaultlineError('not_found', `Slice ${input.sliceIndex + 1} is not part of run ${input.runId}.`);
  // A text-to-image generator reads the text: the captioner's words, when there are any, say it best.
  const description = { text: slice.captionSummary ? `${slice.description}; ${slice.captionSummary}` : slice.description, contrasts: slice.contrasts };
  const plan = await generator.plan(description);
  if (!plan.ok) throw new FaultlineError('invalid_input', plan.reason);
  const earlier = generatorCheckCount(db, input.runId, input.sliceIndex);
  const seed = deriveSeed(input.seed, input.runId, input.sliceIndex, earlier);
  ctx?.progress(0, 2 * input.count, `Generating ${input.count} images: ${plan.summary}`);
  const inside = await generator.generate({ description, role: 'slice', count: input.count, seed }, ctx?.signal);
  ctx?.progress(input.count, 2 * input.count, `Generating ${input.count} control images`);
  const outside = await generator.generate({ description, role: 'control', count: input.count, seed }, ctx?.signal);
  const model = loadModel(db, state.modelId);
  const numClasses = projectClassCount(db);
  const session = await EmbeddingSession.open(project.dir, model);
  let insideMious: number[];
  let outsideMious: number[];
  try {
    ctx?.progress(2 * input.count, 2 * input.count, `Segmenting the generated images with ${model.name} ${model.version}`);
    insideMious = await imageMious(session, inside, model.card.input, numClasses, ctx);
    outsideMious = await imageMious(session, outside, model.card.input, numClasses, ctx);
  } finally {
    await session.close();
  }
  const given = state.generatedMiouBelow;
  const both = [...insideMious, ...outsideMious];
  const threshold = given ?? (both.length ? quantile(both, state.failureShare) : Number.NaN);
  const count = (mious: number[]): RateCount => ({ images: mious.length, failures: mious.filter((m) => m < threshold).length });
  const result: GeneratorResult = {
    generator: generator.label,
    plan: plan.summary,
    requested: input.count,
    threshold,
    thresholdRule: given === null ? `the lowest ${Math.round(state.failureShare * 100)} % of both batches` : "the run's τ",
    inside: count(insideMious),
    outside: count(outsideMious),
  };
  saveFresh(db, input.runId, input.sliceIndex, 'generator', null, result);
  return result;
}
