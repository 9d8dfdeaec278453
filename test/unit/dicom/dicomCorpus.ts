import { T } from '../../../electron/core/images/dicom/dicomTags.js';
import { encodePart10, type DicomAttribute } from '../../../electron/core/images/dicom/writeDicom.js';

export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
export const EXPLICIT = '1.2.840.10008.1.2.1';
export const IMPLICIT = '1.2.840.10008.1.2';
export const DEFLATED = '1.2.840.10008.1.2.1.99';
export const RLE = '1.2.840.10008.1.2.5';

export interface SyntheticImage {
  rows: number;
  columns: number;
  /** Stored values, frame after frame (for colour: samples in the given layout). */
  values: readonly number[];
  frames?: number;
  photometric?: string;
  bitsAllocated?: 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  samplesPerPixel?: number;
  planarConfiguration?: number;
  rescale?: { slope: number; intercept: number };
  windows?: { center: number; width: number; name?: string }[];
  voiFunction?: string;
  syntax?: string;
  sopInstanceUid?: string;
  seriesUid?: string;
  studyUid?: string;
  extra?: DicomAttribute[];
  /** Pixel data as given instead of the values (damaged or compressed files). */
  pixelData?: DicomAttribute;
}

function pixelBytes(img: SyntheticImage): Uint8Array {
  const bits = img.bitsAllocated ?? 16;
  const out = Buffer.alloc(img.values.length * (bits / 8));
  img.values.forEach((v, i) => {
    if (bits === 8) out[i] = v & 0xff;
    else out.writeUInt16LE(v & 0xffff, 2 * i);
  });
  return out;
}

/** A DICOM Part 10 file made in code, CT-like unless told otherwise. */
export function makeDicom(img: SyntheticImage): Buffer {
  const bits = img.bitsAllocated ?? 16;
  const sop = img.sopInstanceUid ?? '1.2.826.0.1.3680043.2.1143.1.1';
  const syntax = img.syntax ?? EXPLICIT;
  const attrs: DicomAttribute[] = [
    { tag: T.SOPClassUID, vr: 'UI', value: CT_IMAGE },
    { tag: T.SOPInstanceUID, vr: 'UI', value: sop },
    { tag: T.StudyDate, vr: 'DA', value: '20240315' },
    { tag: T.Modality, vr: 'CS', value: 'CT' },
    { tag: T.PatientName, vr: 'PN', value: 'Doe^Jane' },
    { tag: T.PatientID, vr: 'LO', value: 'MRN-0042' },
    { tag: T.StudyInstanceUID, vr: 'UI', value: img.studyUid ?? '1.2.826.0.1.3680043.2.1143.2' },
    { tag: T.SeriesInstanceUID, vr: 'UI', value: img.seriesUid ?? '1.2.826.0.1.3680043.2.1143.3' },
    { tag: T.InstanceNumber, vr: 'IS', value: '1' },
    { tag: T.SamplesPerPixel, vr: 'US', value: [img.samplesPerPixel ?? 1] },
    { tag: T.PhotometricInterpretation, vr: 'CS', value: img.photometric ?? 'MONOCHROME2' },
    { tag: T.Rows, vr: 'US', value: [img.rows] },
    { tag: T.Columns, vr: 'US', value: [img.columns] },
    { tag: T.BitsAllocated, vr: 'US', value: [bits] },
    { tag: T.BitsStored, vr: 'US', value: [img.bitsStored ?? bits] },
    { tag: T.HighBit, vr: 'US', value: [(img.bitsStored ?? bits) - 1] },
    { tag: T.PixelRepresentation, vr: 'US', value: [img.signed ? 1 : 0] },
    ...(img.frames ? [{ tag: T.NumberOfFrames, vr: 'IS', value: String(img.frames) }] : []),
    ...(img.samplesPerPixel === 3 ? [{ tag: T.PlanarConfiguration, vr: 'US', value: [img.planarConfiguration ?? 0] }] : []),
    ...(img.rescale
      ? [
          { tag: T.RescaleIntercept, vr: 'DS', value: String(img.rescale.intercept) },
          { tag: T.RescaleSlope, vr: 'DS', value: String(img.rescale.slope) },
        ]
      : []),
    ...(img.windows
      ? [
          { tag: T.WindowCenter, vr: 'DS', value: img.windows.map((w) => String(w.center)) },
          { tag: T.WindowWidth, vr: 'DS', value: img.windows.map((w) => String(w.width)) },
          { tag: T.WindowCenterWidthExplanation, vr: 'LO', value: img.windows.map((w) => w.name ?? '') },
        ]
      : []),
    ...(img.voiFunction ? [{ tag: T.VOILUTFunction, vr: 'CS', value: img.voiFunction }] : []),
    ...(img.extra ?? []),
    img.pixelData ?? { tag: T.PixelData, vr: bits === 8 ? 'OB' : 'OW', value: pixelBytes(img) },
  ];
  const encoding = syntax === IMPLICIT ? 'implicit' : syntax === DEFLATED ? 'deflated' : 'explicit';
  return encodePart10(attrs, { sopClassUid: CT_IMAGE, sopInstanceUid: sop, transferSyntaxUid: syntax, encoding });
}

/** PackBits of one segment, literal runs only (valid RLE, simple to check). */
export function packBitsLiteral(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 128) {
    const run = bytes.subarray(i, i + 128);
    out.push(run.length - 1, ...run);
  }
  if (out.length % 2) out.push(0x80); // a no-op byte pads the segment to even length
  return Uint8Array.from(out);
}

/** An RLE Lossless frame of 8- or 16-bit grey values. */
export function rleFrame(values: readonly number[], bits: 8 | 16): Uint8Array {
  const segments: Uint8Array[] =
    bits === 8 ? [packBitsLiteral(Uint8Array.from(values.map((v) => v & 0xff)))] : [packBitsLiteral(Uint8Array.from(values.map((v) => (v >> 8) & 0xff))), packBitsLiteral(Uint8Array.from(values.map((v) => v & 0xff)))];
  const header = Buffer.alloc(64);
  header.writeUInt32LE(segments.length, 0);
  let offset = 64;
  segments.forEach((s, i) => {
    header.writeUInt32LE(offset, 4 + 4 * i);
    offset += s.length;
  });
  return Buffer.concat([header, ...segments]);
}
