import { join } from 'node:path';
import { resolveWindowRule, type DicomWindowRule } from '../../../shared/dicom/window.js';
import { dicomFrameOf } from '../store/dicomFrames.js';
import type { Db } from '../store/openProjectDb.js';
import type { DicomModelInput } from './decodeDicomFrame.js';

/**
 * How a model whose card has a DICOM windowing rule gets an image: from the frame's kept values
 * through the rule; undefined (the stored image) for a card without a rule, an image not from
 * DICOM, or a frame with no values kept (colour, or imported before they were).
 */
export function dicomModelInput(db: Db, projectDir: string, imageId: number, rule: DicomWindowRule | undefined): DicomModelInput | undefined {
  if (!rule) return undefined;
  const frame = dicomFrameOf(db, imageId);
  const values = frame?.header.values;
  if (!frame || !values) return undefined;
  const window = resolveWindowRule(rule, frame.header);
  if (!window) return undefined;
  return { valuesPath: join(projectDir, values.relPath), offset: values.offset, scale: values.scale, invert: frame.header.photometric === 'MONOCHROME1', window };
}
