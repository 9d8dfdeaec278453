import { FaultlineError } from '../../../shared/contract/errors.js';
import type { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { SliceAnalysis } from '../../../shared/slices/findSlices.js';
import { wilsonInterval } from '../../../shared/slices/proportionIntervals.js';
import { distancesTo } from '../../../shared/slices/sliceRegions.js';
import { splitDiscovery } from '../../../shared/slices/splitDiscovery.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { loadModel } from '../store/models.js';
import type { Db } from '../store/openProjectDb.js';
import { mulberry32, shuffleInPlace } from '../../../shared/mining/prng.js';
import { defaultUserDataDir } from '../../platform/userDataDir.js';
import { resolveVisionModel } from '../vision-models/visionModelFolders.js';
import { resolveEmbedder } from './embedders.js';
import { loadEmbeddings, updateEmbeddings } from './embeddingStore.js';
import { captionSlices, type SliceCaptions } from './sliceCaptions.js';
import { findSlicesOffThread } from './findSlicesOffThread.js';
import { folderOf, sliceAttributes } from './sliceAttributes.js';
import { loadPopulation } from './slicePopulation.js';
import { intervalView, testView } from './sliceReport.js';
import { imageFileReader } from '../store/images.js';
import { targetModelId } from '../store/models.js';
import { saveRun, type StoredReport } from '../store/sliceRuns.js';

const EXAMPLES = 6;
/** Images captioned per slice, and outside every slice for the words to be contrasted with. */
const CAPTIONED_PER_SLICE = 8;
const CAPTIONED_REFERENCE = 16;

export interface SliceRunOutcome {
  runId: number;
  slices: number;
  confirmed: number;
  structurePresent: boolean;
}

/** The model a run looks at: the one asked for, else the target. */
export function sliceTarget(db: Db, modelId: number | undefined): number {
  const id = modelId ?? targetModelId(db);
  if (id === undefined) throw new FaultlineError('invalid_input', 'No target model is set: mark one as the target, or choose a model.');
  return id;
}

/** Rows of a slice's members: failures first, each group nearest the centroid first. */
function orderedMembers(analysis: SliceAnalysis, s: number, failed: Uint8Array): number[] {
  const distance = distancesTo(analysis.points, analysis.reduction.dims, analysis.slices[s]!.region);
  const members = [...analysis.membership.keys()].filter((i) => analysis.membership[i] === s);
  return members.sort((a, b) => failed[b]! - failed[a]! || distance[a]! - distance[b]!);
}

/** A seeded sample of rows outside every slice. */
function outsideSample(analysis: SliceAnalysis, count: number, seed: number): number[] {
  const rows = [...analysis.membership.keys()].filter((i) => analysis.membership[i] === -1);
  return shuffleInPlace(rows, mulberry32(seed)).slice(0, count);
}

/** Where a run finds what is not in the project: the transformers.js cache lives in the user data folder. */
export interface SliceEnvironment {
  userDataDir?: string;
}

/**
 * One slice-discovery run on a model (default: the target): fix the failures, embed every image
 * (the model's own pooled features, or a CLIP-like encoder from models/; cached), split
 * discovery / held-out, find and test the slices off the main thread, caption their examples
 * when a captioner is installed, and store the run with what fresh images will need later.
 */
export async function runSlices(
  project: { dir: string; db: Db },
  input: { modelId?: number | undefined; params: SliceParams },
  ctx?: JobContext,
  env: SliceEnvironment = {},
): Promise<SliceRunOutcome> {
  const { db } = project;
  const { params } = input;
  const userDataDir = env.userDataDir ?? defaultUserDataDir();
  const model = loadModel(db, sliceTarget(db, input.modelId));
  const captioner = params.captioner === 'off' ? null : resolveVisionModel(project.dir, 'captioner', params.captioner);
  const embedder = await resolveEmbedder({ projectDir: project.dir, userDataDir, db }, model, params.embedding);
  ctx?.progress(0, null, 'Deciding which images failed');
  const population = await loadPopulation(db, model.id, params, ctx);
  ctx?.throwIfCancelled();
  await updateEmbeddings(project, embedder, population.imageIds, ctx);
  ctx?.throwIfCancelled();
  const table = loadEmbeddings(db, embedder.key, population.imageIds);
  if (table.imageIds.length < 2 || table.source === null) throw new FaultlineError('invalid_input', 'Too few images could be embedded to look for slices.');
  const position = new Map(population.imageIds.map((id, i) => [id, i]));
  const at = table.imageIds.map((id) => position.get(id)!);
  const failed = Uint8Array.from(at, (i) => population.failed[i]!);
  const score = Float64Array.from(at, (i) => population.score[i]!);
  const imageRow = imageFileReader(db);
  const rows = table.imageIds.map((id) => imageRow(id)!);
  const relPaths = new Map(table.imageIds.map((id, i) => [id, rows[i]!.relPath]));
  const split = splitDiscovery(
    rows.map((r) => folderOf(r.sourcePath)),
    { seed: params.seed, heldOutFraction: params.heldOutFraction },
  );
  const classAreas = new Map(population.imageIds.map((id, i) => [id, population.classAreas[i]!]));
  const attributes = sliceAttributes(db, table, classAreas, population.classSource);

  ctx?.progress(0, null, `Looking for slices among ${table.imageIds.length} images (${failed.reduce((a, b) => a + b, 0)} failed)`);
  const analysis = await findSlicesOffThread({ embeddings: table.vectors, dims: table.dims, failed, heldOut: split.heldOut, attributes }, params, ctx?.signal);
  ctx?.throwIfCancelled();
  const members = analysis.slices.map((_, s) => orderedMembers(analysis, s, failed));
  let captions: SliceCaptions | null = null;
  if (captioner && analysis.slices.length > 0) {
    const idsOf = (rows: readonly number[]) => rows.map((i) => table.imageIds[i]!);
    captions = await captionSlices(
      project,
      captioner,
      members.map((rows) => idsOf(rows.slice(0, CAPTIONED_PER_SLICE))),
      idsOf(outsideSample(analysis, CAPTIONED_REFERENCE, params.seed)),
      userDataDir,
      ctx,
    );
  }
  const example = (i: number) => ({ imageId: table.imageIds[i]!, relPath: relPaths.get(table.imageIds[i]!)!, failed: failed[i] === 1, score: score[i]!, heldOut: split.heldOut[i] === 1 });

  const report: StoredReport = {
    modelId: model.id,
    params,
    population: {
      kind: population.kind,
      rule: population.rule,
      threshold: population.threshold,
      images: analysis.images,
      failures: analysis.failures,
      competitorIds: population.competitorIds,
    },
    embedding: { source: table.source, encoder: embedder.encoder, text: embedder.text, dims: table.dims, reducedDims: analysis.reduction.dims },
    captioner: captions ? { name: captions.captioner, reference: captions.reference } : null,
    split: { by: split.by, groups: split.groups, discovery: analysis.discovery, heldOut: analysis.heldOut },
    baseline: intervalView(wilsonInterval(analysis.heldOut.failures, analysis.heldOut.images)),
    structure: {
      auroc: Number.isFinite(analysis.structure.auroc) ? analysis.structure.auroc : null,
      folds: analysis.structure.folds,
      present: analysis.structure.present,
      threshold: params.structureAuroc,
    },
    clustering: analysis.clustering
      ? { k: analysis.clustering.k, silhouettes: analysis.clustering.silhouettes.map((s) => ({ k: s.k, silhouette: Number.isFinite(s.silhouette) ? s.silhouette : null })) }
      : null,
    failureContrasts: analysis.failureContrasts,
    failureDescription: analysis.failureDescription,
    notes: analysis.notes,
    slices: analysis.slices.map((slice, s) => ({
      index: s,
      description: slice.description,
      contrasts: slice.contrasts,
      discovery: slice.discovery,
      test: testView(slice.test),
      members: analysis.membership.reduce((n, m) => n + (m === s ? 1 : 0), 0),
      examples: members[s]!.slice(0, EXAMPLES).map(example),
      captions: captions?.slices[s]?.captions ?? [],
      captionWords: captions?.slices[s]?.words ?? [],
      captionSummary: captions?.slices[s]?.summary ?? null,
    })),
  };
  const runId = saveRun(db, model.id, params, report, {
    modelId: model.id,
    embedder: embedder.key,
    encoder: embedder.encoder,
    populationKind: population.kind,
    threshold: population.threshold,
    generatedMiouBelow: population.kind === 'labelled' ? population.threshold : params.miouBelow,
    failureShare: params.failureShare,
    competitorIds: population.competitorIds,
    imageIds: table.imageIds,
    reduction: analysis.reduction,
    regions: analysis.slices.map((s) => s.region),
  });
  const confirmed = analysis.slices.filter((s) => s.test.confirmed).length;
  ctx?.progress(1, 1, `${analysis.slices.length} slices, ${confirmed} confirmed on held-out images`);
  return { runId, slices: analysis.slices.length, confirmed, structurePresent: analysis.structure.present };
}
