/**
 * Layout for pools of a million images (test/bench/scale.ts).
 *
 * - Label maps move out of `predictions` into `prediction_maps`, an ordinary rowid table: a
 *   ~1 kB map stays on its row's page there (a WITHOUT ROWID row spills anything past ~1 kB into
 *   a mostly empty overflow page), and `predictions` keeps only small columns, so the statistics
 *   mining reads (class fractions, uncertainty) no longer sit behind the maps. The blobs that may
 *   be large (probs, embedding) come last in the row, after everything a query filters on.
 * - `predictions` is keyed (model_id, image_id): inference writes one model at a time, so rows
 *   are appended in key order, and a model's rows are one range instead of every fourth row of
 *   the table. `predictions_image` serves the per-image lookups and the cascade from images.
 * - Thumbnails move out of `images` into `image_thumbnails`: the rows every list and count walks
 *   shrink from ~2 kB to ~100 bytes.
 * - `image_counts` keeps the number of images per (split, status), maintained by triggers, so
 *   project statistics and list totals never count a million rows.
 */
export const migration0015 = `
CREATE TABLE predictions_next (
  model_id        INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  image_id        INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  error           TEXT,
  map_width       INTEGER,
  map_height      INTEGER,
  mean_entropy    REAL,
  mean_margin     REAL,
  class_fractions BLOB,
  created_at      TEXT NOT NULL,
  probs           BLOB,
  embedding       BLOB,
  PRIMARY KEY (model_id, image_id)
) WITHOUT ROWID;
INSERT INTO predictions_next (model_id, image_id, error, map_width, map_height, mean_entropy, mean_margin, class_fractions, created_at, probs, embedding)
  SELECT model_id, image_id, error, map_width, map_height, mean_entropy, mean_margin, class_fractions, created_at, probs, embedding
  FROM predictions ORDER BY model_id, image_id;

CREATE TABLE prediction_maps (
  model_id  INTEGER NOT NULL,
  image_id  INTEGER NOT NULL,
  label_map BLOB NOT NULL,
  UNIQUE (model_id, image_id),
  FOREIGN KEY (model_id, image_id) REFERENCES predictions_next(model_id, image_id) ON DELETE CASCADE
);
INSERT INTO prediction_maps (model_id, image_id, label_map)
  SELECT model_id, image_id, label_map FROM predictions WHERE label_map IS NOT NULL AND error IS NULL ORDER BY model_id, image_id;

DROP TABLE predictions;
ALTER TABLE predictions_next RENAME TO predictions;
CREATE INDEX predictions_image ON predictions(image_id);

CREATE TABLE image_thumbnails (
  image_id  INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  thumbnail BLOB NOT NULL
);
INSERT INTO image_thumbnails (image_id, thumbnail) SELECT id, thumbnail FROM images WHERE thumbnail IS NOT NULL;
ALTER TABLE images DROP COLUMN thumbnail;
CREATE INDEX images_status ON images(status, id);

CREATE TABLE image_counts (
  split  TEXT NOT NULL,
  status TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (split, status)
) WITHOUT ROWID;
INSERT INTO image_counts (split, status, n) SELECT split, status, count(*) FROM images GROUP BY split, status;
CREATE TRIGGER image_counts_insert AFTER INSERT ON images BEGIN
  INSERT INTO image_counts (split, status, n) VALUES (NEW.split, NEW.status, 1)
    ON CONFLICT (split, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER image_counts_delete AFTER DELETE ON images BEGIN
  UPDATE image_counts SET n = n - 1 WHERE split = OLD.split AND status = OLD.status;
END;
CREATE TRIGGER image_counts_update AFTER UPDATE OF split, status ON images
  WHEN OLD.split IS NOT NEW.split OR OLD.status IS NOT NEW.status BEGIN
  UPDATE image_counts SET n = n - 1 WHERE split = OLD.split AND status = OLD.status;
  INSERT INTO image_counts (split, status, n) VALUES (NEW.split, NEW.status, 1)
    ON CONFLICT (split, status) DO UPDATE SET n = n + 1;
END;
`;
