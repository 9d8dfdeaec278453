/**
 * Failure slices. `slice_embeddings` caches per (model, image) the model's pooled features and
 * the image's appearance (what the slices are found and described with), so re-runs and fresh
 * retrievals pay only for new images; a row with `error` set marks an image that could not be
 * embedded. `slice_runs` keeps each discovery run: its settings, the report people read, and the
 * state needed to place fresh images (the reduction and the slice regions). `slice_fresh` keeps
 * each confirmation on fresh images: retrieved pool images sent to rating (their candidate set),
 * or generated images scored against their true masks.
 */
export const migration0006 = `
CREATE TABLE slice_embeddings (
  model_id      INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  image_id      INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  source        TEXT NOT NULL CHECK (source IN ('features', 'scores')),
  vector        BLOB,
  brightness    REAL,
  contrast      REAL,
  colourfulness REAL,
  taken_at      TEXT,
  error         TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (model_id, image_id)
) WITHOUT ROWID;

CREATE TABLE slice_runs (
  id         INTEGER PRIMARY KEY,
  model_id   INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  params     TEXT NOT NULL,
  report     TEXT NOT NULL,
  state      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX slice_runs_model ON slice_runs(model_id, id);

CREATE TABLE slice_fresh (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES slice_runs(id) ON DELETE CASCADE,
  slice_idx  INTEGER NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('retrieval', 'generator')),
  set_id     INTEGER REFERENCES candidate_sets(id) ON DELETE SET NULL,
  result     TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX slice_fresh_run ON slice_fresh(run_id, slice_idx, id);
`;
