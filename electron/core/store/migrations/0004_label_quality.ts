/**
 * Label-quality runs: one row per scoring of a labelled set with a model, and per image its
 * score, flagged pixels and the given → predicted class pairs among them. A run is written in
 * one transaction when it has finished, so a cancelled or failed run leaves nothing behind.
 */
export const migration0004 = `
CREATE TABLE label_quality_runs (
  id                  INTEGER PRIMARY KEY,
  model_id            INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  set_name            TEXT NOT NULL,
  test_set_id         INTEGER REFERENCES test_sets(id) ON DELETE SET NULL,
  source              TEXT NOT NULL CHECK (source IN ('stored', 'fresh')),
  options             TEXT NOT NULL,
  thresholds          TEXT NOT NULL,
  num_issues_estimate INTEGER NOT NULL,
  cutoff              REAL,
  images              INTEGER NOT NULL,
  skipped             TEXT NOT NULL,
  seconds             REAL NOT NULL,
  created_at          TEXT NOT NULL
);
CREATE INDEX label_quality_runs_key ON label_quality_runs(set_name, model_id, source, id);

CREATE TABLE label_quality_images (
  run_id      INTEGER NOT NULL REFERENCES label_quality_runs(id) ON DELETE CASCADE,
  image_id    INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  score       REAL NOT NULL,
  issues      INTEGER NOT NULL,
  flagged     BLOB,
  label_ref   TEXT NOT NULL,
  rescored_at TEXT,
  PRIMARY KEY (run_id, image_id)
) WITHOUT ROWID;
CREATE INDEX label_quality_images_score ON label_quality_images(run_id, score, image_id);
CREATE INDEX label_quality_images_image ON label_quality_images(image_id);

CREATE TABLE label_quality_pairs (
  run_id    INTEGER NOT NULL,
  image_id  INTEGER NOT NULL,
  given     INTEGER NOT NULL,
  predicted INTEGER NOT NULL,
  pixels    INTEGER NOT NULL,
  PRIMARY KEY (run_id, image_id, given, predicted),
  FOREIGN KEY (run_id, image_id) REFERENCES label_quality_images(run_id, image_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX label_quality_pairs_pair ON label_quality_pairs(run_id, given, predicted);
`;
