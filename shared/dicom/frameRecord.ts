import { z } from 'zod';
import { StoredValues, VoiWindow } from './window.js';

/**
 * What the project keeps of a DICOM frame (stored as JSON beside the image): the attributes left
 * after de-identification, the window its image was rendered through and the file's presets, the
 * modality transform, and the geometry export needs. Parsed on every read: the column is a boundary.
 */
export const DicomFrameHeader = z.object({
  attributes: z.array(z.object({ tag: z.number().int(), vr: z.string(), value: z.string() })),
  photometric: z.string(),
  modality: z.union([
    z.object({ kind: z.literal('rescale'), slope: z.number(), intercept: z.number() }),
    z.object({ kind: z.literal('lut'), firstMapped: z.number(), data: z.array(z.number()) }),
  ]),
  windows: z.array(VoiWindow),
  shownWindow: VoiWindow.nullable(),
  /** The frame's modality values, kept so its window can change later; absent for colour frames and frames imported before they were kept. */
  values: StoredValues.optional(),
  geometry: z.object({
    position: z.array(z.number()).nullable(),
    orientation: z.array(z.number()).nullable(),
    spacing: z.array(z.number()).nullable(),
    sliceThickness: z.number().nullable(),
  }),
});
export type DicomFrameHeader = z.infer<typeof DicomFrameHeader>;

/** One frame's row: the identifiers export and slices use, and its header. */
export interface DicomFrameRecord {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  /** 1-based, as DICOM counts frames. */
  frameNumber: number;
  deidentified: boolean;
  burnedIn: 'yes' | 'no' | 'unknown';
  header: DicomFrameHeader;
}

/** How an import treats DICOM files; de-identification is on unless the user turns it off. */
export const DicomImportOptions = z
  .object({
    deidentify: z.boolean().default(true),
    retainLongitudinal: z.boolean().default(false),
    cleanDescriptors: z.boolean().default(false),
  })
  .strict();
export type DicomImportOptions = z.infer<typeof DicomImportOptions>;
