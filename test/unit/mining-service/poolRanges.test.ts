import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addImageFractions, ClassAreaAccumulator, quartileBounds } from '../../../shared/mining/contentConstraint.js';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { selectCandidatesStreamed, type MadPoolRow } from '../../../shared/mining/selectCandidatesStreamed.js';
import { madPoolRows, poolClassFractions } from '../../../electron/core/store/poolRanges.js';
import { createProjectDb, type Db, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedClasses, seedModel } from '../../helpers/seedPredictions.js';

const CLASSES = 5;
const IMAGES = 9_500;

/**
 * The rows as mining read them before the pool was read by id ranges: one joined row per pool
 * image, each blob handed over on its own. The reference the range reader must match exactly.
 */
function referenceRows(db: Db, targetId: number, competitorIds: number[]): Array<{ imageId: number; pixels: number; target: number[] | null; pairs: Array<{ d: number; competitor: number[] | null }> }> {
  const joins = competitorIds
    .map(
      (_, j) =>
        `LEFT JOIN pair_discrepancies d${j} ON d${j}.target_id = @targetId AND d${j}.competitor_id = @c${j} AND d${j}.image_id = i.id
         LEFT JOIN predictions q${j} ON q${j}.model_id = @c${j} AND q${j}.image_id = i.id AND q${j}.error IS NULL`,
    )
    .join('\n');
  const rows = db
    .prepare(
      `SELECT i.id, coalesce(i.width * i.height, 0), p.class_fractions${competitorIds.map((_, j) => `, d${j}.miou, q${j}.class_fractions`).join('')}
       FROM images i LEFT JOIN predictions p ON p.model_id = @targetId AND p.image_id = i.id AND p.error IS NULL
       ${joins}
       WHERE i.split = 'pool' AND i.status = 'ok' ORDER BY i.id`,
    )
    .raw()
    .all({ targetId, ...Object.fromEntries(competitorIds.map((id, j) => [`c${j}`, id])) }) as Array<Array<number | Buffer | null>>;
  const floats = (blob: number | Buffer | null): number[] | null =>
    blob === null ? null : Array.from(new Float32Array((blob as Buffer).buffer.slice((blob as Buffer).byteOffset, (blob as Buffer).byteOffset + (blob as Buffer).byteLength)));
  return rows.map((v) => ({
    imageId: v[0] as number,
    pixels: v[1] as number,
    target: floats(v[2]!),
    pairs: competitorIds.map((_, j) => ({ d: (v[3 + 2 * j] as number | null) ?? Number.NaN, competitor: floats(v[4 + 2 * j]!) })),
  }));
}

function copyRow(row: MadPoolRow): ReturnType<typeof referenceRows>[number] {
  return {
    imageId: row.imageId,
    pixels: row.pixels,
    target: row.target && Array.from(row.target),
    pairs: row.pairs.map((p) => ({ d: p.d, competitor: p.competitor && Array.from(p.competitor) })),
  };
}

describe('the pool read by id ranges', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let project: ProjectDb;
  let target: number;
  let rivals: number[];

  // Several id ranges with gaps, every split and a failed status, predictions that failed or are
  // missing, fractions with fewer and more slots than the project has classes, distances of every
  // magnitude (they must come back as the same doubles), and pairs without a stored distance.
  beforeAll(() => {
    temp = makeTempDir();
    project = createProjectDb(temp.dir, 'ranges');
    const { db } = project;
    seedClasses(db, ['background', 'road', 'car', 'person', 'sky']);
    target = seedModel(db, 'target', true);
    rivals = [seedModel(db, 'rival-a'), seedModel(db, 'rival-b')];
    const next = mulberry32(11);
    const now = new Date().toISOString();
    const image = db.prepare('INSERT INTO images (id, content_hash, rel_path, width, height, split, status, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const prediction = db.prepare('INSERT INTO predictions (model_id, image_id, error, class_fractions, created_at) VALUES (?, ?, ?, ?, ?)');
    const distance = db.prepare(
      "INSERT INTO pair_discrepancies (image_id, target_id, competitor_id, miou, pixel_accuracy, fw_iou, settings) VALUES (?, ?, ?, ?, ?, ?, 'k')",
    );
    db.transaction(() => {
      let id = 0;
      for (let n = 0; n < IMAGES; n++) {
        id += next() < 0.05 ? 2 + Math.floor(next() * 3000) : 1;
        const split = next() < 0.9 ? 'pool' : next() < 0.5 ? 'train' : 'test';
        const status = next() < 0.03 ? 'failed' : 'ok';
        image.run(id, `h${id}`, `images/${id}.png`, 8 + Math.floor(next() * 50), next() < 0.02 ? null : 8 + Math.floor(next() * 50), split, status, now);
        for (const modelId of [target, ...rivals]) {
          const roll = next();
          if (roll < 0.05) continue;
          if (roll < 0.08) {
            prediction.run(modelId, id, 'decode failed', null, now);
            continue;
          }
          const slots = roll < 0.1 ? CLASSES - 2 : roll < 0.12 ? CLASSES + 1 : CLASSES;
          const fractions = Float32Array.from({ length: slots }, () => (next() < 0.4 ? 0 : next()));
          prediction.run(modelId, id, null, Buffer.from(fractions.buffer), now);
        }
        for (const rival of rivals) {
          if (next() < 0.1) continue;
          const d = next() < 0.1 ? next() * 1e-300 : next() < 0.1 ? Math.round(next() * 4) / 4 : next();
          distance.run(id, target, rival, d, next(), next());
        }
      }
    })();
  });
  afterAll(() => {
    project.close();
    temp.cleanup();
  });

  it('hands mining the same rows, in the same order, as one joined row per image did', () => {
    const rows = Array.from(madPoolRows(project.db, target, rivals, 'miou'), copyRow);
    const reference = referenceRows(project.db, target, rivals);
    expect(rows.length).toBeGreaterThan(8_000);
    expect(rows).toEqual(reference);
  });

  it('selects the same MAD set from the ranges as from the joined rows', () => {
    const stats = new ClassAreaAccumulator(CLASSES);
    const counts = new Float64Array(CLASSES);
    for (const row of poolClassFractions(project.db, target)) addImageFractions(stats, row.fractions, row.pixels, counts);
    const bounds = quartileBounds(stats);
    const hashes = (ids: readonly number[]): Map<number, string> => new Map(ids.map((id) => [id, `h${id}`]));
    const options = { numClasses: CLASSES, bounds, n3: 7 };
    const fromRanges = selectCandidatesStreamed({ targetModelId: target, competitorModelIds: rivals, rows: () => madPoolRows(project.db, target, rivals, 'miou') }, hashes, options);
    const reference = referenceRows(project.db, target, rivals).map(
      (r): MadPoolRow => ({
        imageId: r.imageId,
        pixels: r.pixels,
        target: r.target && Float32Array.from(r.target),
        pairs: r.pairs.map((p) => ({ d: p.d, competitor: p.competitor && Float32Array.from(p.competitor) })),
      }),
    );
    const fromJoined = selectCandidatesStreamed({ targetModelId: target, competitorModelIds: rivals, rows: () => reference }, hashes, options);
    expect(fromRanges.candidates.length).toBeGreaterThan(10);
    expect(fromRanges).toEqual(fromJoined);
  });

  it('reads the pool fractions of one model as a join of predictions and images did', () => {
    const rows = Array.from(poolClassFractions(project.db, rivals[0]!), (r) => ({ imageId: r.imageId, pixels: r.pixels, fractions: Array.from(r.fractions) }));
    const reference = (
      project.db
        .prepare(
          `SELECT p.image_id, p.class_fractions, coalesce(i.width * i.height, 0) FROM predictions p JOIN images i ON i.id = p.image_id
           WHERE p.model_id = ? AND p.error IS NULL AND p.class_fractions IS NOT NULL AND i.split = 'pool' AND i.status = 'ok' ORDER BY p.image_id`,
        )
        .raw()
        .all(rivals[0]) as Array<[number, Buffer, number]>
    ).map(([imageId, blob, pixels]) => ({ imageId, pixels, fractions: Array.from(new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength))) }));
    expect(rows.length).toBeGreaterThan(7_000);
    expect(rows).toEqual(reference);
  });
});
