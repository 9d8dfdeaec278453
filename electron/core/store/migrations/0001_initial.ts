/**
 * Schema 1. Authored records (people, ratings, annotations, reviews) carry a UUID so that copies
 * of a project edited by different people can be merged without collisions.
 */
export const migration0001 = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE people (
  id         INTEGER PRIMARY KEY,
  uid        TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  roles      TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);

CREATE TABLE classes (
  id         INTEGER PRIMARY KEY CHECK (id BETWEEN 0 AND 254),
  name       TEXT NOT NULL UNIQUE,
  color      TEXT NOT NULL,
  superclass TEXT
);

CREATE TABLE images (
  id           INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  rel_path     TEXT NOT NULL,
  width        INTEGER,
  height       INTEGER,
  split        TEXT NOT NULL DEFAULT 'pool' CHECK (split IN ('pool', 'train', 'test')),
  status       TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failed')),
  error        TEXT,
  thumbnail    BLOB,
  imported_at  TEXT NOT NULL
);
CREATE INDEX images_split ON images(split, id);

CREATE TABLE import_failures (
  id          INTEGER PRIMARY KEY,
  rel_path    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

CREATE TABLE models (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  version     TEXT NOT NULL,
  parent_id   INTEGER REFERENCES models(id),
  onnx_path   TEXT NOT NULL,
  onnx_hash   TEXT NOT NULL,
  card        TEXT NOT NULL,
  class_map   TEXT,
  is_target   INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  UNIQUE (name, version)
);

CREATE TABLE predictions (
  image_id        INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  model_id        INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  label_map       BLOB,
  class_fractions BLOB,
  mean_entropy    REAL,
  mean_margin     REAL,
  probs           BLOB,
  error           TEXT,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (image_id, model_id)
) WITHOUT ROWID;

CREATE TABLE ground_truth (
  image_id   INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  mask       BLOB NOT NULL,
  source     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE rounds (
  id              INTEGER PRIMARY KEY,
  idx             INTEGER NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'mining'
                  CHECK (state IN ('mining', 'rating', 'labelling', 'review', 'rectification', 'evaluation', 'done')),
  target_model_id INTEGER REFERENCES models(id),
  params          TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL
);

CREATE TABLE candidate_sets (
  id         INTEGER PRIMARY KEY,
  round_id   INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  strategy   TEXT NOT NULL,
  params     TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);

CREATE TABLE candidates (
  set_id   INTEGER NOT NULL REFERENCES candidate_sets(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id),
  rank     INTEGER NOT NULL,
  reasons  TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (set_id, image_id)
) WITHOUT ROWID;

CREATE TABLE ratings (
  id             INTEGER PRIMARY KEY,
  uid            TEXT NOT NULL UNIQUE,
  set_id         INTEGER NOT NULL REFERENCES candidate_sets(id) ON DELETE CASCADE,
  image_id       INTEGER NOT NULL REFERENCES images(id),
  rater_id       INTEGER NOT NULL REFERENCES people(id),
  score          INTEGER CHECK (score BETWEEN 1 AND 5),
  out_of_domain  INTEGER NOT NULL DEFAULT 0,
  time_ms        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  CHECK ((score IS NULL) = (out_of_domain = 1)),
  UNIQUE (set_id, image_id, rater_id)
);

CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  image_id    INTEGER NOT NULL REFERENCES images(id),
  author_id   INTEGER NOT NULL REFERENCES people(id),
  version     INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
  source      TEXT NOT NULL,
  mask        BLOB NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  time_ms     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  UNIQUE (image_id, author_id, version)
);

CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  reviewer_id   INTEGER NOT NULL REFERENCES people(id),
  decision      TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
  marks         TEXT NOT NULL DEFAULT '[]',
  created_at    TEXT NOT NULL
);

CREATE TABLE test_sets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  round_id   INTEGER REFERENCES rounds(id),
  kind       TEXT NOT NULL CHECK (kind IN ('user', 'unbiased', 'counterexamples')),
  created_at TEXT NOT NULL
);

CREATE TABLE test_set_images (
  test_set_id INTEGER NOT NULL REFERENCES test_sets(id) ON DELETE CASCADE,
  image_id    INTEGER NOT NULL REFERENCES images(id),
  PRIMARY KEY (test_set_id, image_id)
) WITHOUT ROWID;

CREATE TABLE evaluations (
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  test_set_id INTEGER NOT NULL REFERENCES test_sets(id) ON DELETE CASCADE,
  miou        REAL NOT NULL,
  per_class   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (model_id, test_set_id)
);
`;
