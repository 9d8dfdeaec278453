/**
 * Error classification. One run per (model, labelled set) holds the settings and hierarchy it
 * used and its totals per category; its regions (ground-truth regions and hallucinated
 * components) carry their category, class, pixels and bounding box, so the Errors view can chart
 * per model and round and page through a category without reclassifying. `set_name` is S0 (the
 * training split) or a test_sets name (T0, T(i), S(i)); rerunning a (model, set) replaces it.
 */
export const migration0005 = `
CREATE TABLE error_runs (
  id           INTEGER PRIMARY KEY,
  model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  set_name     TEXT NOT NULL,
  test_set_id  INTEGER REFERENCES test_sets(id) ON DELETE CASCADE,
  images       INTEGER NOT NULL,
  unlabelled   INTEGER NOT NULL,
  unpredicted  INTEGER NOT NULL,
  probs_images INTEGER NOT NULL,
  label_rule   TEXT NOT NULL,
  totals       TEXT NOT NULL,
  config       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (model_id, set_name)
);

CREATE TABLE error_regions (
  run_id         INTEGER NOT NULL REFERENCES error_runs(id) ON DELETE CASCADE,
  image_id       INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  side           TEXT NOT NULL CHECK (side IN ('reference', 'prediction')),
  region_index   INTEGER NOT NULL,
  category       TEXT NOT NULL,
  class_id       INTEGER NOT NULL,
  other_class_id INTEGER,
  area           INTEGER NOT NULL,
  pixels         INTEGER NOT NULL,
  x              INTEGER NOT NULL,
  y              INTEGER NOT NULL,
  w              INTEGER NOT NULL,
  h              INTEGER NOT NULL,
  PRIMARY KEY (run_id, image_id, side, region_index)
) WITHOUT ROWID;
CREATE INDEX error_regions_category ON error_regions(run_id, category, image_id);
`;
