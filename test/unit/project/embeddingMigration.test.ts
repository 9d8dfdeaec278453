import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { migrations } from '../../../electron/core/store/migrations/index.js';
import { makeTempDir } from '../../helpers/tempDir.js';

describe('schema 7: embeddings keyed by embedder, captions', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it("keeps schema-6 embeddings as the model's own ('model:ID') and adds the caption cache", () => {
    const old = createProjectDb(temp.dir, 'p', { migrations: migrations.slice(0, 6) });
    const now = '2026-01-01T00:00:00Z';
    old.db.prepare("INSERT INTO images (id, content_hash, rel_path, imported_at) VALUES (1, 'h', 'images/a.png', ?)").run(now);
    old.db.prepare("INSERT INTO models (id, name, version, onnx_path, onnx_hash, card, created_at) VALUES (3, 'm', '1', 'models/m.onnx', 'x', '{}', ?)").run(now);
    old.db
      .prepare("INSERT INTO slice_embeddings (model_id, image_id, source, vector, brightness, error, created_at) VALUES (3, 1, 'features', x'0000803f', 0.5, NULL, ?)")
      .run(now);
    old.close();
    const project = openProjectDb(temp.dir);
    try {
      expect(project.db.prepare('SELECT embedder, model_id, image_id, source, vector, brightness FROM slice_embeddings').all()).toEqual([
        { embedder: 'model:3', model_id: 3, image_id: 1, source: 'features', vector: Buffer.from([0, 0, 0x80, 0x3f]), brightness: 0.5 },
      ]);
      project.db.prepare("INSERT INTO slice_embeddings (embedder, image_id, source, created_at) VALUES ('encoder:clip@0123', 1, 'encoder', ?)").run(now);
      project.db.prepare("INSERT INTO image_captions (captioner, image_id, caption, created_at) VALUES ('captioner:cap@01', 1, 'a street', ?)").run(now);
      project.db.prepare('DELETE FROM images WHERE id = 1').run();
      expect(project.db.prepare('SELECT count(*) FROM slice_embeddings').pluck().get()).toBe(0);
      expect(project.db.prepare('SELECT count(*) FROM image_captions').pluck().get()).toBe(0);
    } finally {
      project.close();
    }
  });
});
