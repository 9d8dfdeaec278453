import { randomBytes } from 'node:crypto';
import { DicomFrameHeader, type DicomFrameRecord } from '../../../shared/dicom/frameRecord.js';
import type { Db } from './openProjectDb.js';

/** The project's key for replacing DICOM UIDs, made on first use and kept for every later import. */
export function dicomUidKey(db: Db): Buffer {
  db.prepare('INSERT OR IGNORE INTO dicom_settings (id, uid_key) VALUES (1, ?)').run(randomBytes(32));
  return (db.prepare('SELECT uid_key FROM dicom_settings WHERE id = 1').get() as { uid_key: Buffer }).uid_key;
}

/** Prepared once per import: adds the DICOM row of an image just inserted. */
export function dicomFrameWriter(db: Db): (imageId: number, record: DicomFrameRecord) => void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO dicom_frames (image_id, study_uid, series_uid, sop_instance_uid, sop_class_uid, frame_number, deidentified, burned_in, header)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (imageId, r) => {
    insert.run(imageId, r.studyUid, r.seriesUid, r.sopInstanceUid, r.sopClassUid, r.frameNumber, r.deidentified ? 1 : 0, r.burnedIn, JSON.stringify(r.header));
  };
}

interface FrameRow {
  image_id: number;
  study_uid: string;
  series_uid: string;
  sop_instance_uid: string;
  sop_class_uid: string;
  frame_number: number;
  deidentified: number;
  burned_in: DicomFrameRecord['burnedIn'];
  header: string;
}

export type StoredDicomFrame = DicomFrameRecord & { imageId: number };

function toFrame(r: FrameRow): StoredDicomFrame {
  return {
    imageId: r.image_id,
    studyUid: r.study_uid,
    seriesUid: r.series_uid,
    sopInstanceUid: r.sop_instance_uid,
    sopClassUid: r.sop_class_uid,
    frameNumber: r.frame_number,
    deidentified: r.deidentified === 1,
    burnedIn: r.burned_in,
    header: DicomFrameHeader.parse(JSON.parse(r.header)),
  };
}

/** The DICOM frame an image was made from, or null for an image imported from another format. */
export function dicomFrameOf(db: Db, imageId: number): StoredDicomFrame | null {
  const row = db.prepare('SELECT * FROM dicom_frames WHERE image_id = ?').get(imageId) as FrameRow | undefined;
  return row ? toFrame(row) : null;
}

/** Every frame of a series, in instance then frame order. */
export function dicomSeriesFrames(db: Db, seriesUid: string): StoredDicomFrame[] {
  const rows = db.prepare('SELECT * FROM dicom_frames WHERE series_uid = ? ORDER BY sop_instance_uid, frame_number').all(seriesUid) as FrameRow[];
  return rows.map(toFrame);
}

/** Images whose pixels may carry burned-in text (the file says so, or its kind usually does). */
export function burnedInImageIds(db: Db): number[] {
  return (db.prepare("SELECT image_id FROM dicom_frames WHERE burned_in != 'no' ORDER BY image_id").all() as { image_id: number }[]).map((r) => r.image_id);
}

export interface DicomReviewItem {
  imageId: number;
  sourcePath: string;
  frameNumber: number;
  burnedIn: 'yes' | 'unknown';
  deidentified: boolean;
  attributes: DicomFrameHeader['attributes'];
}

/** A page of the frames still to be reviewed for burned-in text, in image order, with what the project kept of their header. */
export function listDicomReview(db: Db, { offset, limit }: { offset: number; limit: number }): { total: number; items: DicomReviewItem[] } {
  const { n } = db.prepare("SELECT COUNT(*) AS n FROM dicom_frames WHERE burned_in != 'no'").get() as { n: number };
  const rows = db
    .prepare(
      `SELECT d.*, i.source_path FROM dicom_frames d JOIN images i ON i.id = d.image_id
       WHERE d.burned_in != 'no' ORDER BY d.image_id LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as (FrameRow & { source_path: string })[];
  return {
    total: n,
    items: rows.map((r) => {
      const frame = toFrame(r);
      return { imageId: r.image_id, sourcePath: r.source_path, frameNumber: frame.frameNumber, burnedIn: frame.burnedIn === 'yes' ? 'yes' : 'unknown', deidentified: frame.deidentified, attributes: frame.header.attributes };
    }),
  };
}

/**
 * Records that a person looked at a frame's pixels and found no burned-in text: it leaves the review
 * list. False when the image is not a DICOM frame.
 */
export function markDicomReviewed(db: Db, imageId: number): boolean {
  return db.prepare("UPDATE dicom_frames SET burned_in = 'no' WHERE image_id = ?").run(imageId).changes > 0;
}
