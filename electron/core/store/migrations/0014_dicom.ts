/**
 * DICOM import. `dicom_settings` holds the project's key for replacing UIDs (so a study imported
 * in parts keeps one replacement UID, and the originals are never stored). `dicom_frames` gives
 * each image made from a DICOM frame its study, series, instance and frame, the de-identified
 * attributes kept for export (JSON), and whether the pixels may carry burned-in text.
 */
export const migration0014 = `
CREATE TABLE dicom_settings (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  uid_key BLOB NOT NULL
);

CREATE TABLE dicom_frames (
  image_id         INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  study_uid        TEXT NOT NULL,
  series_uid       TEXT NOT NULL,
  sop_instance_uid TEXT NOT NULL,
  sop_class_uid    TEXT NOT NULL,
  frame_number     INTEGER NOT NULL CHECK (frame_number >= 1),
  deidentified     INTEGER NOT NULL CHECK (deidentified IN (0, 1)),
  burned_in        TEXT NOT NULL CHECK (burned_in IN ('yes', 'no', 'unknown')),
  header           TEXT NOT NULL
);
CREATE INDEX dicom_frames_series ON dicom_frames(series_uid, sop_instance_uid, frame_number);
`;
