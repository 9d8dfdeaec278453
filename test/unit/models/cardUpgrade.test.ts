import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/store/migrations/index.js';
import { loadModel } from '../../../electron/core/store/models.js';
import { createProjectDb, openProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard } from '../../fixtures/models/tinyModels.js';

describe('schema 9: models registered before card version 2 and external data', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('keep their stored version-1 card, read as version 2, and have no data files', () => {
    const old = createProjectDb(temp.dir, 'p', { migrations: migrations.slice(0, 8) });
    old.db
      .prepare("INSERT INTO models (id, name, version, onnx_path, onnx_hash, card, created_at) VALUES (1, 'colour', '1.0', 'models/colour-1.0.onnx', 'x', ?, '2026-01-01T00:00:00Z')")
      .run(JSON.stringify(colourCard()));
    old.close();
    const project = openProjectDb(temp.dir);
    try {
      const model = loadModel(project.db, 1);
      expect(model.dataFiles).toEqual([]);
      expect(model.card).toMatchObject({ cardVersion: 2, output: { tensorName: 'logits', kind: 'logits', layout: 'NCHW' }, input: { dataType: 'float32', channelOrder: 'RGB' } });
    } finally {
      project.close();
    }
  });
});
