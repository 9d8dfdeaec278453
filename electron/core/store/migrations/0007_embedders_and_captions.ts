/**
 * Embeddings from image encoders other than the model under study, and captions. The embedding
 * cache is keyed by an embedder ('model:ID' for a model's own features, 'encoder:NAME@HASH' for a
 * transformers.js image encoder in the project's models/ folder) instead of a model id; rows of
 * schema 6 keep their meaning as 'model:ID'. `image_captions` caches what a captioner said of an
 * image, keyed the same way by the captioner's fingerprint.
 */
export const migration0007 = `
CREATE TABLE slice_embeddings_v7 (
  embedder      TEXT NOT NULL,
  image_id      INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  model_id      INTEGER REFERENCES models(id) ON DELETE CASCADE,
  source        TEXT NOT NULL CHECK (source IN ('features', 'scores', 'encoder')),
  vector        BLOB,
  brightness    REAL,
  contrast      REAL,
  colourfulness REAL,
  taken_at      TEXT,
  error         TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (embedder, image_id)
) WITHOUT ROWID;
INSERT INTO slice_embeddings_v7 (embedder, image_id, model_id, source, vector, brightness, contrast, colourfulness, taken_at, error, created_at)
  SELECT 'model:' || model_id, image_id, model_id, source, vector, brightness, contrast, colourfulness, taken_at, error, created_at FROM slice_embeddings;
DROP TABLE slice_embeddings;
ALTER TABLE slice_embeddings_v7 RENAME TO slice_embeddings;

CREATE TABLE image_captions (
  captioner  TEXT NOT NULL,
  image_id   INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  caption    TEXT,
  error      TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (captioner, image_id)
) WITHOUT ROWID;
`;
