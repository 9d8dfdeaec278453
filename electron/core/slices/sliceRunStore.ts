import { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { SliceReport } from '../../../shared/contract/methods/sliceMethods.js';
import type { Interval } from '../../../shared/slices/proportionIntervals.js';
import type { Reduction } from '../../../shared/slices/reduceDimensions.js';
import type { SliceRegion } from '../../../shared/slices/sliceRegions.js';
import type { SliceTest } from '../../../shared/slices/sliceTest.js';
import type { Db } from '../project/openProjectDb.js';
import { targetModelId } from '../store/models.js';

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

/** The report as stored: everything but what changes after the run (fresh checks, generator availability). */
export type StoredReport = Omit<SliceReport, 'runId' | 'createdAt' | 'slices' | 'generatorAvailable'> & {
  slices: Array<Omit<SliceReport['slices'][number], 'fresh'>>;
};

/** JSON has no infinity or NaN: such an interval end becomes null. */
export function intervalView(i: Interval): { estimate: number | null; lower: number | null; upper: number | null } {
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { estimate: finite(i.estimate), lower: finite(i.lower), upper: finite(i.upper) };
}

export function testView<T extends SliceTest>(t: T) {
  return {
    ...t,
    inside: { ...t.inside, rate: intervalView(t.inside.rate) },
    outside: { ...t.outside, rate: intervalView(t.outside.rate) },
    difference: intervalView(t.difference),
    ratio: intervalView(t.ratio),
  };
}

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
  return { report: JSON.parse(row.report) as StoredReport, createdAt: row.created_at, modelId: row.model_id };
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

export function saveFresh(db: Db, runId: number, sliceIndex: number, source: 'retrieval' | 'generator', setId: number | null, result: unknown): number {
  return Number(
    db
      .prepare('INSERT INTO slice_fresh (run_id, slice_idx, source, set_id, result, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(runId, sliceIndex, source, setId, JSON.stringify(result), new Date().toISOString()).lastInsertRowid,
  );
}

export interface FreshRow {
  id: number;
  sliceIndex: number;
  source: 'retrieval' | 'generator';
  setId: number | null;
  result: unknown;
  createdAt: string;
}

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
  ).map((r) => ({ id: r.id, sliceIndex: r.slice_idx, source: r.source, setId: r.set_id, result: JSON.parse(r.result) as unknown, createdAt: r.created_at }));
}
