import type { DicomView } from '../../../../shared/dicom/dicomView.js';
import { dicomFrameOf } from '../../store/dicomFrames.js';
import type { Db } from '../../store/openProjectDb.js';
import { T } from './dicomTags.js';

/** A DICOM frame as a viewer windows it, or null for an image imported from another format. */
export function dicomViewOf(db: Db, imageId: number): DicomView | null {
  const frame = dicomFrameOf(db, imageId);
  if (!frame) return null;
  const { header } = frame;
  return {
    imageId,
    photometric: header.photometric,
    invert: header.photometric === 'MONOCHROME1',
    modality: header.attributes.find((a) => a.tag === T.Modality)?.value ?? '',
    seriesUid: frame.seriesUid,
    windows: header.windows,
    shownWindow: header.shownWindow,
    values: header.values ?? null,
  };
}
