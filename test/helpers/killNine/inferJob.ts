import { decodeProbs } from '../../../electron/core/inference/probsBlob.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';
import { sha, type KillJob } from './killJob.js';

/** Enough images for a few committed batches (64 rows or 500 ms each). */
const IMAGES = 100;
const WIDTH = 16;
const HEIGHT = 12;

interface PredictionRow {
  image_id: number;
  model_id: number;
  label_map: Buffer | null;
  class_fractions: Buffer | null;
  mean_entropy: number | null;
  mean_margin: number | null;
  probs: Buffer | null;
  error: string | null;
  width: number;
  height: number;
}

const PREDICTIONS = `SELECT p.*, m.label_map, i.width, i.height FROM predictions p JOIN images i ON i.id = p.image_id
  LEFT JOIN prediction_maps m ON m.model_id = p.model_id AND m.image_id = p.image_id ORDER BY p.image_id, p.model_id`;

function problemsOf(row: PredictionRow): string[] {
  const problems: string[] = [];
  const what = `prediction of image ${row.image_id} by model ${row.model_id}`;
  if (row.error !== null) return [`${what}: an error record (${row.error})`];
  if (!row.label_map || !row.class_fractions || row.mean_entropy === null || row.mean_margin === null || !row.probs) {
    return [`${what}: a column is missing`];
  }
  try {
    inflateLabelMap(row.label_map, row.width, row.height, what);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const fractions = new Float32Array(row.class_fractions.buffer.slice(row.class_fractions.byteOffset, row.class_fractions.byteOffset + row.class_fractions.byteLength));
  const sum = fractions.reduce((a, v) => a + v, 0);
  if (row.class_fractions.byteLength % 4 !== 0 || Math.abs(sum - 1) > 1e-3) problems.push(`${what}: class fractions sum to ${sum}`);
  if (!Number.isFinite(row.mean_entropy) || !Number.isFinite(row.mean_margin)) problems.push(`${what}: entropy ${row.mean_entropy}, margin ${row.mean_margin}`);
  try {
    decodeProbs(row.probs);
  } catch (error) {
    problems.push(`${what}: ${(error as Error).message}`);
  }
  return problems;
}

/**
 * `faultline infer --store-probs` with the colour model over 100 small images: results are
 * committed in batches while later images are still running.
 */
export const inferJob: KillJob = {
  name: 'infer',
  about: `infer --store-probs --workers 1 --batch 4: colour model, ${IMAGES} PNGs ${WIDTH}×${HEIGHT}`,
  async seed(dir, inputs) {
    const project = createProjectDb(dir, 'Kill -9 inference');
    try {
      const files = writeModel(inputs, 'colour', colourModel({ width: WIDTH, height: HEIGHT, downsample: 2 }), colourCard({}, { width: WIDTH, height: HEIGHT }));
      await addModel(project, files, probeInWorker);
      for (let i = 0; i < IMAGES; i++) {
        const png = await splitImagePng(WIDTH, HEIGHT, [(i * 7) & 255, 40, 200 - i], [30, (i * 13) & 255, 90]);
        await addImageFile(project.db, project.dir, `images/${i}.png`, png);
      }
    } finally {
      project.close();
    }
  },
  args: (dir) => ['infer', dir, '--store-probs', '--provider', 'cpu', '--workers', '1', '--batch', '4', '--json'],
  progress: (db) => inferJob.committed(db),
  committed: (db) => db.prepare('SELECT count(*) FROM predictions').pluck().get() as number,
  halfWritten: (db) => (db.prepare(PREDICTIONS).all() as PredictionRow[]).flatMap(problemsOf),
  finalState: (db) =>
    (db.prepare(PREDICTIONS).all() as PredictionRow[]).map((r) => [
      r.image_id,
      r.model_id,
      r.label_map && sha(inflateLabelMap(r.label_map, r.width, r.height, 'prediction')),
      sha(r.class_fractions),
      r.mean_entropy?.toFixed(6),
      r.mean_margin?.toFixed(6),
      sha(r.probs),
      r.error,
    ]),
};
