import { FaultlineError } from '../../../shared/contract/errors.js';
import type { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { SliceAnalysis } from '../../../shared/slices/findSlices.js';
import { wilsonInterval } from '../../../shared/slices/proportionIntervals.js';
import { distancesTo } from '../../../shared/slices/sliceRegions.js';
import { splitDiscovery } from '../../../shared/slices/splitDiscovery.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { loadModel } from '../models/modelRows.js';
import type { Db } from '../project/openProjectDb.js';
import { loadEmbeddings, updateEmbeddings } from './embeddingStore.js';
import { findSlicesOffThread } from './findSlicesOffThread.js';
import { folderOf, sliceAttributes } from './sliceAttributes.js';
import { loadPopulation } from './slicePopulation.js';
import { intervalView, saveRun, testView, type StoredReport } from './sliceRunStore.js';

const EXAMPLES = 6;

export interface SliceRunOutcome {
  runId: number;
  slices: number;
  confirmed: number;
  structurePresent: boolean;
}

/** The model a run looks at: the one asked for, else the target. */
export function sliceTarget(db: Db, modelId: number | undefined): number {
  const id = modelId ?? (db.prepare('SELECT id FROM models WHERE is_target = 1 ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined);
  if (id === undefined) throw new FaultlineError('invalid_input', 'No target model is set: mark one as the target, or choose a model.');
  return id;
}

/** Up to EXAMPLES members of a slice, failures first, each group nearest the centroid first. */
function examplesOf(analysis: SliceAnalysis, s: number, imageIds: number[], failed: Uint8Array, heldOut: Uint8Array, score: Float64Array, relPath: (id: number) => string) {
  const distance = distancesTo(analysis.points, analysis.reduction.dims, analysis.slices[s]!.region);
  const members = [...analysis.membership.keys()].filter((i) => analysis.membership[i] === s);
  members.sort((a, b) => failed[b]! - failed[a]! || distance[a]! - distance[b]!);
  return members.slice(0, EXAMPLES).map((i) => ({ imageId: imageIds[i]!, relPath: relPath(imageIds[i]!), failed: failed[i] === 1, score: score[i]!, heldOut: heldOut[i] === 1 }));
}

/**
 * One slice-discovery run on a model (default: the target): fix the failures, embed every image
 * with the model's own pooled features (cached), split discovery / held-out, find and test the
 * slices off the main thread, and store the run with what fresh images will need later.
 */
export async function runSlices(project: { dir: string; db: Db }, input: { modelId?: number | undefined; params: SliceParams }, ctx?: JobContext): Promise<SliceRunOutcome> {
  const { db } = project;
  const { params } = input;
  const model = loadModel(db, sliceTarget(db, input.modelId));
  ctx?.progress(0, null, 'Deciding which images failed');
  const population = await loadPopulation(db, model.id, params, ctx);
  ctx?.throwIfCancelled();
  await updateEmbeddings(project, model, population.imageIds, ctx);
  ctx?.throwIfCancelled();
  const table = loadEmbeddings(db, model.id, population.imageIds);
  if (table.imageIds.length < 2 || table.source === null) throw new FaultlineError('invalid_input', 'Too few images could be embedded to look for slices.');
  const position = new Map(population.imageIds.map((id, i) => [id, i]));
  const at = table.imageIds.map((id) => position.get(id)!);
  const failed = Uint8Array.from(at, (i) => population.failed[i]!);
  const score = Float64Array.from(at, (i) => population.score[i]!);
  const imageRow = db.prepare('SELECT rel_path, source_path FROM images WHERE id = ?');
  const rows = table.imageIds.map((id) => imageRow.get(id) as { rel_path: string; source_path: string | null });
  const relPaths = new Map(table.imageIds.map((id, i) => [id, rows[i]!.rel_path]));
  const split = splitDiscovery(
    rows.map((r) => folderOf(r.source_path)),
    { seed: params.seed, heldOutFraction: params.heldOutFraction },
  );
  const classAreas = new Map(population.imageIds.map((id, i) => [id, population.classAreas[i]!]));
  const attributes = sliceAttributes(db, table, classAreas, population.classSource);

  ctx?.progress(0, null, `Looking for slices among ${table.imageIds.length} images (${failed.reduce((a, b) => a + b, 0)} failed)`);
  const analysis = await findSlicesOffThread({ embeddings: table.vectors, dims: table.dims, failed, heldOut: split.heldOut, attributes }, params, ctx?.signal);
  ctx?.throwIfCancelled();

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
    embedding: { source: table.source, dims: table.dims, reducedDims: analysis.reduction.dims },
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
      examples: examplesOf(analysis, s, table.imageIds, failed, split.heldOut, score, (id) => relPaths.get(id)!),
    })),
  };
  const runId = saveRun(db, model.id, params, report, {
    modelId: model.id,
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
