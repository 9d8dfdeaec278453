import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { loadStoredReport } from '../../../electron/core/store/sliceRuns.js';
import { readSliceReport } from '../../../electron/core/slices/sliceReport.js';
import { makeTempDir } from '../../helpers/tempDir.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let modelId: number;

const interval = { estimate: 0.5, lower: 0.2, upper: 0.8 };
const rate = { images: 40, failures: 20, rate: interval };

/** A report as the first slice runs stored it: no encoder, captioner or fresh reserve yet. */
const firstVersionReport = {
  modelId: 0,
  params: {
    population: 'pool',
    miouBelow: null,
    discrepancyAbove: null,
    failureShare: 0.2,
    seed: 1,
    heldOutFraction: 0.5,
    structureAuroc: 0.6,
    kMin: 2,
    kMax: 8,
    radiusQuantile: 0.9,
    fdr: 0.1,
    minHeldOut: 25,
    minRatio: 1.5,
  },
  population: { kind: 'pool', rule: 'd above 0.3', threshold: 0.3, images: 80, failures: 16, competitorIds: [2] },
  embedding: { source: 'features', dims: 16, reducedDims: 8 },
  split: { by: 'random', groups: 80, discovery: { images: 40, failures: 8 }, heldOut: { images: 40, failures: 8 } },
  baseline: interval,
  structure: { auroc: 0.7, folds: 5, present: true, threshold: 0.6 },
  clustering: { k: 2, silhouettes: [{ k: 2, silhouette: 0.4 }] },
  failureContrasts: [],
  failureDescription: 'Failures are darker.',
  notes: [],
  slices: [
    {
      index: 0,
      description: 'Dark scenes',
      contrasts: [{ kind: 'numeric', key: 'brightness', label: 'brightness', inside: 0.2, outside: 0.5, effect: -1.2, phrase: 'darker' }],
      discovery: { images: 10, failures: 6 },
      test: { inside: rate, outside: rate, difference: interval, ratio: interval, pValue: 0.01, qValue: 0.02, confirmed: true, reasons: [] },
      members: 20,
      examples: [{ imageId: 1, relPath: 'images/a.png', failed: true, score: 0.6, heldOut: false }],
    },
  ],
};

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'p'), 'p');
  modelId = Number(
    project.db
      .prepare("INSERT INTO models (name, version, onnx_path, onnx_hash, card, created_at) VALUES ('m', '1', 'm.onnx', 'h', '{}', '2026-11-22T00:00:00Z')")
      .run().lastInsertRowid,
  );
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('stored slice reports', () => {
  it('load as stored by the first version, with what later runs add filled in as that run was', () => {
    const report = { ...firstVersionReport, modelId };
    const runId = Number(
      project.db
        .prepare("INSERT INTO slice_runs (model_id, params, report, state, created_at) VALUES (?, ?, ?, '{}', '2026-11-22T00:00:00Z')")
        .run(modelId, JSON.stringify(report.params), JSON.stringify(report)).lastInsertRowid,
    );

    const loaded = loadStoredReport(project.db, runId);

    expect(loaded.modelId).toBe(modelId);
    expect(loaded.createdAt).toBe('2026-11-22T00:00:00Z');
    expect(loaded.report.params).toEqual({ ...report.params, embedding: 'target', captioner: 'off', freshReserve: 0 });
    expect(loaded.report.embedding).toEqual({ source: 'features', encoder: null, text: false, dims: 16, reducedDims: 8 });
    expect(loaded.report.captioner).toBeNull();
    expect(loaded.report.slices).toEqual([{ ...report.slices[0], captions: [], captionWords: [], captionSummary: null }]);
    expect(loaded.report.failureDescription).toBe(report.failureDescription);
  });

  it('name their examples by the path each image was imported under, read when the report is', () => {
    project.db
      .prepare("INSERT INTO images (id, content_hash, rel_path, source_path, width, height, split, imported_at) VALUES (1, 'h1', 'images/a.png', 'night/street 7.jpg', 8, 8, 'pool', '2026-11-22T00:00:00Z')")
      .run();
    const report = { ...firstVersionReport, modelId };
    const runId = Number(
      project.db
        .prepare("INSERT INTO slice_runs (model_id, params, report, state, created_at) VALUES (?, ?, ?, '{}', '2026-11-22T00:00:00Z')")
        .run(modelId, JSON.stringify(report.params), JSON.stringify(report)).lastInsertRowid,
    );

    const read = readSliceReport(project.db, { runId });

    expect(read!.slices[0]!.examples).toEqual([{ imageId: 1, relPath: 'images/a.png', sourcePath: 'night/street 7.jpg', failed: true, score: 0.6, heldOut: false }]);
  });

  it('refuse a report that is not a slice report', () => {
    const runId = Number(
      project.db
        .prepare("INSERT INTO slice_runs (model_id, params, report, state, created_at) VALUES (?, '{}', '{\"slices\": 3}', '{}', '2026-11-22T00:00:00Z')")
        .run(modelId).lastInsertRowid,
    );
    expect(() => loadStoredReport(project.db, runId)).toThrow();
  });
});
