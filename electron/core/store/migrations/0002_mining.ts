/**
 * Discrepancies between the stored predictions of two models on one image, computed once when
 * both predictions exist and reused by every mining run. target/competitor order is the pair's.
 */
export const migration0002 = `
CREATE TABLE pair_discrepancies (
  image_id       INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  target_id      INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  competitor_id  INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  miou           REAL NOT NULL,
  pixel_accuracy REAL NOT NULL,
  fw_iou         REAL NOT NULL,
  PRIMARY KEY (target_id, competitor_id, image_id)
) WITHOUT ROWID;
`;
