import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { SliceExample, SliceReport, SliceView } from '../../../shared/contract/methods/sliceMethods.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import type { Reduction } from '../../../shared/slices/reduceDimensions.js';
import type { SliceRegion } from '../../../shared/slices/sliceRegions.js';
import type { Db } from './openProjectDb.js';
import { targetModelId } from './models.js';
import { hasReferenceMaskSql } from './referenceMasks.js';

/** What a stored run needs to place fresh images: the population, the reduction and the regions. */
export interface RunState {
  modelId: number;
  /** The embedder's cache key ('model:ID' or 'encoder:NAME@HASH') and the encoder's folder name. */
  embedder: string;
  encoder: string | null;
  populationKind: 'labelled' | 'pool';
  threshold: number;
  /** τ on image mIoU for generated images: the run's own for a labelled run, else the one given; null = rank-based (failureShare). */
  generatedMiouBelow: number | null;
  failureShare: number;
  competitorIds: number[];
  imageIds: number[];
  reduction: Reduction;
  regions: SliceRegion[];
}

const floats = (values: Float64Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
const unfloats = (b64: string): Float64Array => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

const StoredState = z.object({
  modelId: z.number().int(),
  // Runs stored before encoders existed used the model's own features.
  embedder: z.string().optional(),
  encoder: z.string().nullable().default(null),
  populationKind: z.enum(['labelled', 'pool']),
  threshold: z.number(),
  generatedMiouBelow: z.number().nullable(),
  failureShare: z.number(),
  competitorIds: z.array(z.number().int()),
  imageIds: z.array(z.number().int()),
  reduction: z.object({ inputDims: z.number().int(), dims: z.number().int(), mean: z.string(), scale: z.string(), components: z.string().nullable() }),
  regions: z.array(z.object({ centroid: z.string(), radius: z.number() })),
});

/** An example as stored: its import name is read when the report is, so reports from before names were shown have it too. */
const StoredExample = SliceExample.omit({ sourcePath: true });
export type StoredExample = z.infer<typeof StoredExample>;

/** The report as stored: everything but what changes after the run (fresh checks, generator availability) and the examples' names. */
export type StoredReport = Omit<SliceReport, 'runId' | 'createdAt' | 'slices' | 'generatorAvailable'> & {
  slices: Array<Omit<SliceReport['slices'][number], 'fresh' | 'examples'> & { examples: StoredExample[] }>;
};

/**
 * Reports stored before image encoders and captioners existed lack what came with them; such a
 * run embedded with the model's own features, described no slice in words and reserved no pool
 * images for fresh checks, and the defaults say so.
 */
const StoredReportSchema = SliceReport.omit({ runId: true, createdAt: true, generatorAvailable: true, slices: true }).extend({
  params: z.preprocess((params) => ({ embedding: 'target', captioner: 'off', freshReserve: 0, ...(params as object) }), SliceParams),
  embedding: SliceReport.shape.embedding.extend({ encoder: z.string().nullable().default(null), text: z.boolean().default(false) }),
  captioner: SliceReport.shape.captioner.default(null),
  slices: z.array(
    SliceView.omit({ fresh: true }).extend({
      examples: z.array(StoredExample),
      captions: SliceView.shape.captions.default([]),
      captionWords: SliceView.shape.captionWords.default([]),
      captionSummary: SliceView.shape.captionSummary.default(null),
    }),
  ),
});

export function saveRun(db: Db, modelId: number, params: unknown, report: StoredReport, state: RunState): number {
  const stored: z.infer<typeof StoredState> = {
    ...state,
    reduction: {
      inputDims: state.reduction.inputDims,
      dims: state.reduction.dims,
      mean: floats(state.reduction.mean),
      scale: floats(state.reduction.scale),
      components: state.reduction.components ? floats(state.reduction.components) : null,
    },
    regions: state.regions.map((r) => ({ centroid: floats(r.centroid), radius: r.radius })),
  };
  return Number(
    db
      .prepare('INSERT INTO slice_runs (model_id, params, report, state, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(modelId, JSON.stringify(params), JSON.stringify(report), JSON.stringify(stored), new Date().toISOString()).lastInsertRowid,
  );
}

export function loadRunState(db: Db, runId: number): RunState {
  const raw = db.prepare('SELECT state FROM slice_runs WHERE id = ?').pluck().get(runId) as string | undefined;
  if (raw === undefined) throw new FaultlineError('not_found', `There is no slice run ${runId}; run slice discovery first.`);
  const s = StoredState.parse(JSON.parse(raw));
  return {
    ...s,
    embedder: s.embedder ?? `model:${s.modelId}`,
    reduction: {
      inputDims: s.reduction.inputDims,
      dims: s.reduction.dims,
      mean: unfloats(s.reduction.mean),
      scale: unfloats(s.reduction.scale),
      components: s.reduction.components ? unfloats(s.reduction.components) : null,
    },
    regions: s.regions.map((r) => ({ centroid: unfloats(r.centroid), radius: r.radius })),
  };
}

export function loadStoredReport(db: Db, runId: number): { report: StoredReport; createdAt: string; modelId: number } {
  const row = db.prepare('SELECT model_id, report, created_at FROM slice_runs WHERE id = ?').get(runId) as { model_id: number; report: string; created_at: string } | undefined;
  if (!row) throw new FaultlineError('not_found', `There is no slice run ${runId}; run slice discovery first.`);
  return { report: StoredReportSchema.parse(JSON.parse(row.report)), createdAt: row.created_at, modelId: row.model_id };
}

/** The run asked for, else the newest run of the model, else of the target; null when there is none. */
export function findRunId(db: Db, input: { modelId?: number | undefined; runId?: number | undefined }): number | null {
  if (input.runId !== undefined) {
    if (!db.prepare('SELECT 1 FROM slice_runs WHERE id = ?').get(input.runId)) throw new FaultlineError('not_found', `There is no slice run ${input.runId}.`);
    return input.runId;
  }
  const modelId = input.modelId ?? targetModelId(db);
  if (modelId === undefined) return null;
  return (db.prepare('SELECT id FROM slice_runs WHERE model_id = ? ORDER BY id DESC LIMIT 1').pluck().get(modelId) as number | undefined) ?? null;
}

const FreshRetrieval = z.object({
  inside: z.array(z.number().int()),
  outside: z.array(z.number().int()),
  requested: z.number().int(),
  query: z.string().nullable().default(null),
});
const FreshCount = z.object({ images: z.number().int(), failures: z.number().int() });
// JSON writes a NaN τ (no generated image scored) as null.
const FreshGenerated = z.object({
  generator: z.string(),
  plan: z.string(),
  requested: z.number().int(),
  threshold: z.number().nullable(),
  thresholdRule: z.string(),
  inside: FreshCount,
  outside: FreshCount,
});

/** What a fresh check stores: the images retrieval put in the slice-check set, or the generator's counts. */
export type FreshResultInput = z.input<typeof FreshRetrieval> | z.input<typeof FreshGenerated>;

export function saveFresh(db: Db, runId: number, sliceIndex: number, source: 'retrieval' | 'generator', setId: number | null, result: FreshResultInput): number {
  return Number(
    db
      .prepare('INSERT INTO slice_fresh (run_id, slice_idx, source, set_id, result, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(runId, sliceIndex, source, setId, JSON.stringify(result), new Date().toISOString()).lastInsertRowid,
  );
}

interface FreshRowBase {
  id: number;
  sliceIndex: number;
  setId: number | null;
  createdAt: string;
}

export type FreshRow =
  | (FreshRowBase & { source: 'retrieval'; result: z.infer<typeof FreshRetrieval> })
  | (FreshRowBase & { source: 'generator'; result: z.infer<typeof FreshGenerated> });

export function freshRows(db: Db, runId: number): FreshRow[] {
  return (
    db.prepare('SELECT id, slice_idx, source, set_id, result, created_at FROM slice_fresh WHERE run_id = ? ORDER BY id').all(runId) as Array<{
      id: number;
      slice_idx: number;
      source: 'retrieval' | 'generator';
      set_id: number | null;
      result: string;
      created_at: string;
    }>
  ).map((r): FreshRow => {
    const base = { id: r.id, sliceIndex: r.slice_idx, setId: r.set_id, createdAt: r.created_at };
    const result: unknown = JSON.parse(r.result);
    return r.source === 'retrieval' ? { ...base, source: 'retrieval', result: FreshRetrieval.parse(result) } : { ...base, source: 'generator', result: FreshGenerated.parse(result) };
  });
}

/** Generator checks already made of one slice: each new one draws other images. */
export function generatorCheckCount(db: Db, runId: number, sliceIndex: number): number {
  return db.prepare("SELECT count(*) FROM slice_fresh WHERE run_id = ? AND slice_idx = ? AND source = 'generator'").pluck().get(runId, sliceIndex) as number;
}

/** Images any slice-check set of this run already holds. */
export function freshCheckedImageIds(db: Db, runId: number): number[] {
  return db.prepare('SELECT c.image_id FROM candidates c JOIN slice_fresh f ON f.set_id = c.set_id WHERE f.run_id = ?').pluck().all(runId) as number[];
}

/** Pool images with a stored prediction (no error, a label map) of the model. */
export function predictedPoolImageIds(db: Db, modelId: number): number[] {
  return db
    .prepare(
      `SELECT i.id FROM images i JOIN prediction_maps m ON m.image_id = i.id AND m.model_id = ?
       WHERE i.split = 'pool' AND i.status = 'ok' ORDER BY i.id`,
    )
    .pluck()
    .all(modelId) as number[];
}

/** Images outside the training split with a reference mask, a known size and a stored prediction of the target. */
export function labelledPopulationIds(db: Db, targetId: number): number[] {
  return db
    .prepare(
      `SELECT i.id FROM images i
       JOIN prediction_maps m ON m.image_id = i.id AND m.model_id = ?
       WHERE i.status = 'ok' AND i.split <> 'train' AND i.width IS NOT NULL AND i.height IS NOT NULL
         AND ${hasReferenceMaskSql('i')}
       ORDER BY i.id`,
    )
    .pluck()
    .all(targetId) as number[];
}

/** Pool images with an error-free prediction of the model. */
export function poolPredictionCount(db: Db, modelId: number): number {
  return db
    .prepare("SELECT count(*) FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.model_id = ? AND p.error IS NULL AND i.split = 'pool' AND i.status = 'ok'")
    .pluck()
    .get(modelId) as number;
}

export interface PoolDiscrepancy {
  imageId: number;
  /** Mean discrepancy d = 1 − mIoU over the competitors. */
  d: number;
  /** The target prediction's class area fractions (float32 per class), when stored. */
  classFractions: Buffer | null;
}

/** Per pool image, the target's mean discrepancy with the competitors, in image order. */
export function poolDiscrepancies(db: Db, targetId: number, competitorIds: readonly number[]): PoolDiscrepancy[] {
  const placeholders = competitorIds.map(() => '?').join(', ');
  return (
    db
      .prepare(
        `SELECT d.image_id, avg(d.miou) AS d, p.class_fractions FROM pair_discrepancies d
         JOIN images i ON i.id = d.image_id
         JOIN predictions p ON p.image_id = d.image_id AND p.model_id = d.target_id AND p.error IS NULL
         WHERE d.target_id = ? AND d.competitor_id IN (${placeholders}) AND i.split = 'pool' AND i.status = 'ok'
         GROUP BY d.image_id ORDER BY d.image_id`,
      )
      .all(targetId, ...competitorIds) as Array<{ image_id: number; d: number; class_fractions: Buffer | null }>
  ).map((r) => ({ imageId: r.image_id, d: r.d, classFractions: r.class_fractions }));
}
