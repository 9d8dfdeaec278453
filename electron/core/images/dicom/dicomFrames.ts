import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import type { DicomFrameRecord, DicomImportOptions } from '../../../../shared/dicom/frameRecord.js';
import { packValues, valuePacking, type StoredValues } from '../../../../shared/dicom/window.js';
import { ImportFailureError } from '../importFailure.js';
import { deidentify, uidMapper, type PlainAttribute } from './deidentify.js';
import { T } from './dicomTags.js';
import { openDicomFile } from './readDicomFile.js';
import { renderFrame } from './pixelPipeline.js';

export interface DicomFrameOptions extends DicomImportOptions {
  /** The project's UID key (dicom_settings): replacement UIDs and content hashes are keyed by it. */
  uidKey: Uint8Array;
  maxPixels: number;
  thumbnailSize: number;
}

/** A grey frame's modality values packed in 16 bits, and how to get them back (StoredValues without its path). */
export interface PackedFrameValues {
  bytes: Uint8Array;
  packing: Omit<StoredValues, 'relPath'>;
}

/**
 * One frame ready to store: a lossless PNG of the windowed frame, its modality values (grey
 * frames), its thumbnail and its record (whose header gets `values` once they are placed).
 */
export interface DicomFrameImage {
  hash: string;
  png: Buffer;
  values: PackedFrameValues | null;
  thumbnail: Buffer;
  width: number;
  height: number;
  /** `<study>/<series>/<instance>#<frame>`: a series is one folder to slices and hold-outs. */
  sourcePath: string;
  record: DicomFrameRecord;
}

const valueOf = (attrs: readonly PlainAttribute[], tag: number): string => attrs.find((a) => a.tag === tag)?.value ?? '';

/**
 * The frames of a DICOM file, one at a time (the caller stores each before the next is read):
 * each rendered through the file's first window (or its full range) to 8-bit, its modality
 * values kept beside it (so the window can change later), with the
 * attributes de-identified as the options say. A frame's hash is keyed by the project, so the
 * stored hash cannot be matched against a file outside it; the same file imported again gets the
 * same hashes and is skipped as a duplicate.
 */
export async function* dicomFrameImages(path: string, fileHash: string, options: DicomFrameOptions): AsyncGenerator<DicomFrameImage> {
  const file = await openDicomFile(path);
  try {
    const { info } = file;
    const { rows, columns, frames } = info.pixel;
    if (rows * columns > options.maxPixels) {
      throw new ImportFailureError('too_many_pixels', `The DICOM frames are ${columns}×${rows}, above the pixel limit of ${options.maxPixels}; raise the limit if the images are genuine.`);
    }
    const mapUid = uidMapper(options.uidKey);
    const attributes = options.deidentify ? deidentify(info.attributes, options, mapUid).attributes : info.attributes;
    const uid = (tag: number, what: string): string => {
      const v = valueOf(attributes, tag);
      if (!v) throw new ImportFailureError('corrupt', `The DICOM file has no ${what}.`);
      return v;
    };
    const studyUid = uid(T.StudyInstanceUID, 'Study Instance UID');
    const seriesUid = uid(T.SeriesInstanceUID, 'Series Instance UID');
    const sopInstanceUid = uid(T.SOPInstanceUID, 'SOP Instance UID');
    const sopClassUid = uid(T.SOPClassUID, 'SOP Class UID');
    for (let i = 0; i < frames; i++) {
      const { bytes, pixel } = await file.readFrame(i);
      const shown = renderFrame(bytes, pixel, info.modality, info.windows);
      const image = sharp(shown.data, { raw: { width: columns, height: rows, channels: shown.channels } });
      // Grey stays one channel (sharp would otherwise widen it to sRGB).
      const png = await (shown.channels === 1 ? image.clone().toColourspace('b-w') : image.clone()).png({ compressionLevel: 6 }).toBuffer();
      const thumbnail = await image
        .resize({ width: options.thumbnailSize, height: options.thumbnailSize, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .webp({ quality: 75 })
        .toBuffer();
      const frameNumber = i + 1;
      let values: PackedFrameValues | null = null;
      if (shown.values) {
        const packing = valuePacking(shown.values);
        values = { bytes: packValues(shown.values, packing), packing };
      }
      yield {
        hash: createHmac('sha256', options.uidKey).update(`${fileHash}#${frameNumber}`).digest('hex'),
        png,
        values,
        thumbnail,
        width: columns,
        height: rows,
        sourcePath: `${studyUid}/${seriesUid}/${sopInstanceUid}#${frameNumber}`,
        record: {
          studyUid,
          seriesUid,
          sopInstanceUid,
          sopClassUid,
          frameNumber,
          deidentified: options.deidentify,
          burnedIn: info.burnedIn,
          header: {
            attributes,
            photometric: pixel.photometric,
            modality: info.modality,
            windows: info.windows,
            shownWindow: shown.window,
            geometry: info.geometry,
          },
        },
      };
    }
  } finally {
    await file.close();
  }
}
