import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { createProjectDb, openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { migrations } from '../../../electron/core/store/migrations/index.js';
import { countImages, imageThumbnails, importStore, listImages } from '../../../electron/core/store/images.js';
import { predictionLabelMapReader, predictionWriter, readPrediction } from '../../../electron/core/store/predictions.js';
import { projectStats } from '../../../electron/core/store/projectStats.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedClasses, seedModel } from '../../helpers/seedPredictions.js';

const NOW = '2026-01-01T00:00:00Z';

describe('schema 12: label maps, thumbnails and image counts out of the hot rows', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('moves a schema-11 project’s maps and thumbnails to their tables and counts its images', () => {
    const old = createProjectDb(temp.dir, 'p', { migrations: migrations.slice(0, 11) });
    const image = old.db.prepare('INSERT INTO images (id, content_hash, rel_path, split, status, thumbnail, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    image.run(1, 'h1', 'images/1.png', 'pool', 'ok', Buffer.from('RIFF1'), NOW);
    image.run(2, 'h2', 'images/2.png', 'pool', 'ok', null, NOW);
    image.run(3, 'h3', 'images/3.png', 'test', 'failed', null, NOW);
    old.db.prepare("INSERT INTO models (id, name, version, onnx_path, onnx_hash, card, created_at) VALUES (4, 'm', '1', 'models/m.onnx', 'x', '{}', ?)").run(NOW);
    const map = deflateSync(Uint8Array.from([0, 1, 1, 0]));
    old.db
      .prepare('INSERT INTO predictions (image_id, model_id, label_map, map_width, map_height, class_fractions, mean_entropy, created_at) VALUES (?, 4, ?, 2, 2, ?, 0.5, ?)')
      .run(1, map, Buffer.from(new Float32Array([0.5, 0.5]).buffer), NOW);
    old.db.prepare("INSERT INTO predictions (image_id, model_id, error, created_at) VALUES (2, 4, 'could not read', ?)").run(NOW);
    old.close();

    const project = openProjectDb(temp.dir);
    try {
      const { db } = project;
      expect(predictionLabelMapReader(db)(1, 4)).toEqual({ blob: map, width: 2, height: 2 });
      expect(predictionLabelMapReader(db)(2, 4)).toBeUndefined();
      expect(readPrediction(db, 1, 4)).toMatchObject({ labelMap: map.toString('base64'), classFractions: [0.5, 0.5], meanEntropy: 0.5 });
      expect(readPrediction(db, 2, 4)).toMatchObject({ labelMap: null, failure: 'could not read' });
      expect(imageThumbnails(db, [1, 2]).map((t) => t.id)).toEqual([1]);
      expect(countImages(db, { split: 'pool' })).toBe(2);
      expect(countImages(db, { status: 'failed' })).toBe(1);
      expect(projectStats(db)).toMatchObject({ images: 2, imagesFailed: 1 });
      // Deleting an image takes its prediction, map and thumbnail with it, and its count.
      db.prepare('DELETE FROM images WHERE id = 1').run();
      expect(db.prepare('SELECT count(*) FROM prediction_maps').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM image_thumbnails').pluck().get()).toBe(0);
      expect(countImages(db, { split: 'pool' })).toBe(1);
    } finally {
      project.close();
    }
  });
});

describe('image pages and counts on the new layout', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let project: ProjectDb;
  beforeEach(() => {
    temp = makeTempDir();
    project = createProjectDb(temp.dir, 'p');
    const store = importStore(project.db, '/in', 'run');
    const thumbnail = Buffer.from('RIFFxxxxWEBP');
    project.db.transaction(() =>
      store.write(
        Array.from({ length: 25 }, (_, i) => ({
          type: 'image' as const,
          hash: `h${i}`,
          relPath: `images/${i}.png`,
          sourcePath: `${i}.png`,
          width: 4,
          height: 3,
          split: i % 5 === 0 ? ('test' as const) : ('pool' as const),
          thumbnail,
          mask: null,
        })),
      ),
    )();
    // A failed image, as a later import records it.
    project.db.prepare("UPDATE images SET status = 'failed' WHERE id = 7").run();
  });
  afterEach(() => {
    project.close();
    temp.cleanup();
  });

  it('keeps counts per split and status through inserts, updates and deletes', () => {
    const { db } = project;
    expect(countImages(db, {})).toBe(25);
    expect(countImages(db, { split: 'test' })).toBe(5);
    expect(countImages(db, { split: 'pool', status: 'ok' })).toBe(19);
    expect(countImages(db, { status: 'failed' })).toBe(1);
    db.prepare("UPDATE images SET split = 'train' WHERE id IN (2, 3)").run();
    db.prepare('DELETE FROM images WHERE id = 7').run();
    expect(countImages(db, { split: 'pool' })).toBe(17);
    expect(countImages(db, { split: 'train' })).toBe(2);
    expect(countImages(db, { status: 'failed' })).toBe(0);
    expect(countImages(db, {})).toBe(24);
  });

  it('pages forwards and backwards by keyset to the same pages as by offset', () => {
    const { db } = project;
    const byOffset = [0, 6, 12, 18].map((offset) => listImages(db, { split: 'pool', offset, limit: 6 }).items.map((i) => i.id));
    const forwards: number[][] = [];
    let after: number | undefined;
    for (;;) {
      const page = listImages(db, { split: 'pool', offset: 0, limit: 6, ...(after === undefined ? {} : { after }) });
      if (page.items.length === 0) break;
      expect(page.total).toBe(20);
      forwards.push(page.items.map((i) => i.id));
      after = page.items.at(-1)!.id;
    }
    expect(forwards).toEqual(byOffset.filter((p) => p.length > 0));
    const back = listImages(db, { split: 'pool', offset: 0, limit: 6, before: forwards[2]![0]! });
    expect(back.items.map((i) => i.id)).toEqual(forwards[1]);
    expect(listImages(db, { status: 'failed', offset: 0, limit: 10 }).items.map((i) => i.id)).toEqual([7]);
  });

  it('stores a successful prediction’s map beside it and none for an error', () => {
    const { db } = project;
    seedClasses(db, ['a', 'b']);
    const model = seedModel(db, 'm');
    const writer = predictionWriter(db);
    const map = deflateSync(Uint8Array.from({ length: 12 }, (_, i) => i % 2));
    writer.add({ modelId: model, result: { imageId: 2, embedding: null, width: 4, height: 3, labelMap: map, classFractions: new Float32Array([0.5, 0.5]), meanEntropy: 0, meanMargin: 1, probs: null } });
    writer.add({ modelId: model, result: { imageId: 3, error: 'not decodable' } });
    writer.flush();
    expect(predictionLabelMapReader(db)(2, model)).toEqual({ blob: map, width: 4, height: 3 });
    expect(db.prepare('SELECT image_id FROM prediction_maps').pluck().all()).toEqual([2]);
  });
});
