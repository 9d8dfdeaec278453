import { ImportFailureError } from '../importFailure.js';
import { T } from './dicomTags.js';
import type { PlainAttribute } from './deidentify.js';
import { numbersOf, textOf, uint16Of, type DicomElement, type DicomHeader } from './parseDicom.js';
import type { VoiFunction, VoiWindow } from '../../../../shared/dicom/window.js';
import { checkPixelModule, type ModalityTransform, type PixelModule } from './pixelPipeline.js';

/** Where a frame lies in the patient (PS3.3 C.7.6.2), for NIfTI's affine and SEG's plane positions. */
export interface FrameGeometry {
  position: number[] | null;
  orientation: number[] | null;
  /** Row spacing, column spacing (mm). */
  spacing: number[] | null;
  sliceThickness: number | null;
}

export type BurnedIn = 'yes' | 'no' | 'unknown';

export interface DicomImageInfo {
  pixel: PixelModule;
  modality: ModalityTransform;
  windows: VoiWindow[];
  geometry: FrameGeometry;
  burnedIn: BurnedIn;
  /** Every plain attribute of the data set, before de-identification. */
  attributes: PlainAttribute[];
}

const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const NUMBER_READERS: Record<string, { size: number; read: (b: Buffer, o: number) => number }> = {
  US: { size: 2, read: (b, o) => b.readUInt16LE(o) },
  SS: { size: 2, read: (b, o) => b.readInt16LE(o) },
  UL: { size: 4, read: (b, o) => b.readUInt32LE(o) },
  SL: { size: 4, read: (b, o) => b.readInt32LE(o) },
  FL: { size: 4, read: (b, o) => b.readFloatLE(o) },
  FD: { size: 8, read: (b, o) => b.readDoubleLE(o) },
};
/** Longer text values (reports pasted into comments) are not kept: they are never needed and may identify. */
const MAX_KEPT_VALUE = 1024;

function printable(bytes: Buffer, el: DicomElement): boolean {
  for (let i = el.offset; i < el.offset + el.length; i++) {
    const b = bytes[i]!;
    if (b !== 0 && (b < 0x20 || b > 0x7e)) return false;
  }
  return true;
}

/** The data set's plain attributes as text; sequences and bulk binary values are left out. */
export function plainAttributes(header: DicomHeader): PlainAttribute[] {
  const out: PlainAttribute[] = [];
  for (const el of header.dataset.values()) {
    if (el.tag === T.PixelData || el.items || el.length < 0 || el.length > MAX_KEPT_VALUE) continue;
    const reader = NUMBER_READERS[el.vr];
    if (reader) {
      const values: number[] = [];
      for (let o = 0; o + reader.size <= el.length; o += reader.size) values.push(reader.read(header.bytes, el.offset + o));
      out.push({ tag: el.tag, vr: el.vr, value: values.join('\\') });
    } else if (TEXT_VRS.has(el.vr) || (el.vr === 'UN' && printable(header.bytes, el))) {
      // Implicit VR files name no VR: printable bytes are taken as text.
      out.push({ tag: el.tag, vr: el.vr, value: textOf(header.bytes, el) ?? '' });
    }
  }
  return out;
}

function required(header: DicomHeader, tag: number, name: string): number {
  const v = uint16Of(header.bytes, header.dataset.get(tag));
  if (v === undefined) throw new ImportFailureError('corrupt', `The DICOM file has pixel data but no ${name}.`);
  return v;
}

export function pixelModuleOf(header: DicomHeader): PixelModule {
  const d = header.dataset;
  const bitsAllocated = required(header, T.BitsAllocated, 'Bits Allocated');
  const bitsStored = uint16Of(header.bytes, d.get(T.BitsStored)) ?? bitsAllocated;
  const pm: PixelModule = {
    rows: required(header, T.Rows, 'Rows'),
    columns: required(header, T.Columns, 'Columns'),
    samplesPerPixel: uint16Of(header.bytes, d.get(T.SamplesPerPixel)) ?? 1,
    photometric: textOf(header.bytes, d.get(T.PhotometricInterpretation)) ?? 'MONOCHROME2',
    bitsAllocated,
    bitsStored,
    highBit: uint16Of(header.bytes, d.get(T.HighBit)) ?? bitsStored - 1,
    pixelRepresentation: uint16Of(header.bytes, d.get(T.PixelRepresentation)) ?? 0,
    planarConfiguration: uint16Of(header.bytes, d.get(T.PlanarConfiguration)) ?? 0,
    frames: numbersOf(header.bytes, d.get(T.NumberOfFrames))[0] ?? 1,
  };
  checkPixelModule(pm);
  return pm;
}

/**
 * The modality transform: a Modality LUT Sequence when the file has one (its descriptor gives the
 * entry count, 0 meaning 65536, and the first stored value mapped), else the rescale line.
 */
export function modalityOf(header: DicomHeader, pm: PixelModule): ModalityTransform {
  const lut = header.dataset.get(T.ModalityLUTSequence)?.items?.[0];
  if (lut) {
    const descriptor = lut.get(T.LUTDescriptor);
    const data = lut.get(T.LUTData);
    if (!descriptor || descriptor.length < 6 || !data) throw new ImportFailureError('corrupt', 'The DICOM Modality LUT has no descriptor or no data.');
    const entries = header.bytes.readUInt16LE(descriptor.offset) || 65536;
    // The first mapped value is US or SS as the pixel representation says (PS3.3 C.11.1.1.1).
    const firstMapped = pm.pixelRepresentation === 1 ? header.bytes.readInt16LE(descriptor.offset + 2) : header.bytes.readUInt16LE(descriptor.offset + 2);
    const bits = header.bytes.readUInt16LE(descriptor.offset + 4);
    const values: number[] = [];
    for (let i = 0; i < entries; i++) {
      const o = data.offset + (bits <= 8 && data.length < entries * 2 ? i : 2 * i);
      if (o >= data.offset + data.length) throw new ImportFailureError('corrupt', `The DICOM Modality LUT holds fewer than the ${entries} entries its descriptor gives.`);
      values.push(bits <= 8 && data.length < entries * 2 ? header.bytes[o]! : header.bytes.readUInt16LE(o));
    }
    return { kind: 'lut', firstMapped, data: values };
  }
  const slope = numbersOf(header.bytes, header.dataset.get(T.RescaleSlope))[0] ?? 1;
  const intercept = numbersOf(header.bytes, header.dataset.get(T.RescaleIntercept))[0] ?? 0;
  return { kind: 'rescale', slope: slope === 0 ? 1 : slope, intercept };
}

/** The file's window presets (Window Center/Width are multi-valued, one pair per preset). */
export function windowsOf(header: DicomHeader): VoiWindow[] {
  const centers = numbersOf(header.bytes, header.dataset.get(T.WindowCenter));
  const widths = numbersOf(header.bytes, header.dataset.get(T.WindowWidth));
  const names = (textOf(header.bytes, header.dataset.get(T.WindowCenterWidthExplanation)) ?? '').split('\\');
  const fn = textOf(header.bytes, header.dataset.get(T.VOILUTFunction)) ?? 'LINEAR';
  const voiFunction: VoiFunction = fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? fn : 'LINEAR';
  const out: VoiWindow[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    // LINEAR needs a width of at least 1, the others above 0 (PS3.3 C.11.2.1.2): others are skipped.
    if (widths[i]! < (voiFunction === 'LINEAR' ? 1 : Number.MIN_VALUE)) continue;
    const name = names[i]?.trim();
    out.push({ center: centers[i]!, width: widths[i]!, function: voiFunction, ...(name ? { name } : {}) });
  }
  return out;
}

/** Modalities and SOP classes whose images usually carry burned-in text when the file does not say. */
const OFTEN_BURNED_IN = new Set(['US', 'SC', 'XA', 'ES', 'OT', 'DOC']);
const SECONDARY_CAPTURE_PREFIX = '1.2.840.10008.5.1.4.1.1.7';

/**
 * Burned-in annotation: the file's own statement, else "unknown" for modalities and capture
 * classes that usually burn text into pixels (these are flagged for review: the profile removes
 * text from the header only).
 */
export function burnedInOf(header: DicomHeader): BurnedIn {
  const said = textOf(header.bytes, header.dataset.get(T.BurnedInAnnotation))?.toUpperCase();
  if (said === 'YES') return 'yes';
  if (said === 'NO') return 'no';
  const modality = textOf(header.bytes, header.dataset.get(T.Modality)) ?? '';
  const sopClass = textOf(header.bytes, header.dataset.get(T.SOPClassUID)) ?? '';
  return OFTEN_BURNED_IN.has(modality) || sopClass.startsWith(SECONDARY_CAPTURE_PREFIX) ? 'unknown' : 'no';
}

export function geometryOf(header: DicomHeader): FrameGeometry {
  const nums = (tag: number, n: number): number[] | null => {
    const v = numbersOf(header.bytes, header.dataset.get(tag));
    return v.length === n ? v : null;
  };
  return {
    position: nums(T.ImagePositionPatient, 3),
    orientation: nums(T.ImageOrientationPatient, 6),
    spacing: nums(T.PixelSpacing, 2),
    sliceThickness: numbersOf(header.bytes, header.dataset.get(T.SliceThickness))[0] ?? null,
  };
}

/** Everything the import needs from a header; a file without pixel data is refused. */
export function dicomImageInfo(header: DicomHeader): DicomImageInfo {
  if (!header.pixelData) throw new ImportFailureError('not_an_image', 'The DICOM file holds no image (no Pixel Data): it may be a report, a structured document or a DICOMDIR.');
  const pixel = pixelModuleOf(header);
  return {
    pixel,
    modality: modalityOf(header, pixel),
    windows: windowsOf(header),
    geometry: geometryOf(header),
    burnedIn: burnedInOf(header),
    attributes: plainAttributes(header),
  };
}
