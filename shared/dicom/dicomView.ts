import { z } from 'zod';
import { StoredValues, VoiWindow } from './window.js';

/**
 * What a viewer needs to window a DICOM frame itself: its modality values (null for colour
 * frames, and for frames imported before values were kept), the file's presets, the window its
 * stored image shows, and whether the minimum is white (MONOCHROME1).
 */
export const DicomView = z.object({
  imageId: z.number().int(),
  photometric: z.string(),
  invert: z.boolean(),
  /** The modality's name as the file gives it (CT, MR, …): CT gets the standard HU presets. */
  modality: z.string(),
  /** The (de-identified) series UID: a window chosen on one frame carries to the series' other frames. */
  seriesUid: z.string(),
  windows: z.array(VoiWindow),
  shownWindow: VoiWindow.nullable(),
  values: StoredValues.nullable(),
});
export type DicomView = z.infer<typeof DicomView>;
