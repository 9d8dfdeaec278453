/** A tag as one number, group in the high 16 bits: `tag(0x0028, 0x0010)` is Rows. */
export const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;

export const groupOf = (t: number): number => t >>> 16;

/** `(0010,0010)`, as the standard and the validators print a tag. */
export function tagName(t: number): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return `(${hex(t >>> 16)},${hex(t & 0xffff)})`;
}

export const T = {
  TransferSyntaxUID: tag(0x0002, 0x0010),
  MediaStorageSOPClassUID: tag(0x0002, 0x0002),
  MediaStorageSOPInstanceUID: tag(0x0002, 0x0003),
  ImageType: tag(0x0008, 0x0008),
  SOPClassUID: tag(0x0008, 0x0016),
  SOPInstanceUID: tag(0x0008, 0x0018),
  StudyDate: tag(0x0008, 0x0020),
  SeriesDate: tag(0x0008, 0x0021),
  StudyTime: tag(0x0008, 0x0030),
  AccessionNumber: tag(0x0008, 0x0050),
  Modality: tag(0x0008, 0x0060),
  Manufacturer: tag(0x0008, 0x0070),
  ReferringPhysicianName: tag(0x0008, 0x0090),
  StudyDescription: tag(0x0008, 0x1030),
  SeriesDescription: tag(0x0008, 0x103e),
  PatientName: tag(0x0010, 0x0010),
  PatientID: tag(0x0010, 0x0020),
  PatientBirthDate: tag(0x0010, 0x0030),
  PatientSex: tag(0x0010, 0x0040),
  PatientAge: tag(0x0010, 0x1010),
  SliceThickness: tag(0x0018, 0x0050),
  StudyInstanceUID: tag(0x0020, 0x000d),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  StudyID: tag(0x0020, 0x0010),
  SeriesNumber: tag(0x0020, 0x0011),
  InstanceNumber: tag(0x0020, 0x0013),
  ImagePositionPatient: tag(0x0020, 0x0032),
  ImageOrientationPatient: tag(0x0020, 0x0037),
  FrameOfReferenceUID: tag(0x0020, 0x0052),
  SamplesPerPixel: tag(0x0028, 0x0002),
  PhotometricInterpretation: tag(0x0028, 0x0004),
  PlanarConfiguration: tag(0x0028, 0x0006),
  NumberOfFrames: tag(0x0028, 0x0008),
  Rows: tag(0x0028, 0x0010),
  Columns: tag(0x0028, 0x0011),
  PixelSpacing: tag(0x0028, 0x0030),
  BitsAllocated: tag(0x0028, 0x0100),
  BitsStored: tag(0x0028, 0x0101),
  HighBit: tag(0x0028, 0x0102),
  PixelRepresentation: tag(0x0028, 0x0103),
  BurnedInAnnotation: tag(0x0028, 0x0301),
  WindowCenter: tag(0x0028, 0x1050),
  WindowWidth: tag(0x0028, 0x1051),
  RescaleIntercept: tag(0x0028, 0x1052),
  RescaleSlope: tag(0x0028, 0x1053),
  RescaleType: tag(0x0028, 0x1054),
  WindowCenterWidthExplanation: tag(0x0028, 0x1055),
  VOILUTFunction: tag(0x0028, 0x1056),
  ModalityLUTSequence: tag(0x0028, 0x3000),
  LUTDescriptor: tag(0x0028, 0x3002),
  ModalityLUTType: tag(0x0028, 0x3004),
  LUTData: tag(0x0028, 0x3006),
  PatientIdentityRemoved: tag(0x0012, 0x0062),
  DeidentificationMethod: tag(0x0012, 0x0063),
  LongitudinalTemporalInformationModified: tag(0x0028, 0x0303),
  PixelData: tag(0x7fe0, 0x0010),
  Item: tag(0xfffe, 0xe000),
  ItemDelimitation: tag(0xfffe, 0xe00d),
  SequenceDelimitation: tag(0xfffe, 0xe0dd),
} as const;

/**
 * Value representations of the attributes the import reads as numbers, for files in Implicit VR
 * (which carry no VR): everything else is read as text or kept as opaque bytes.
 */
const IMPLICIT_VR = new Map<number, string>([
  [T.SamplesPerPixel, 'US'],
  [T.PlanarConfiguration, 'US'],
  [T.Rows, 'US'],
  [T.Columns, 'US'],
  [T.BitsAllocated, 'US'],
  [T.BitsStored, 'US'],
  [T.HighBit, 'US'],
  [T.PixelRepresentation, 'US'],
  [T.LUTDescriptor, 'US'],
  [T.LUTData, 'OW'],
  [T.ModalityLUTSequence, 'SQ'],
  [T.PixelData, 'OW'],
]);

export function implicitVr(t: number): string {
  return IMPLICIT_VR.get(t) ?? 'UN';
}

/** VRs whose explicit encoding has a 4-byte length after two reserved bytes (PS3.5 7.1.2). */
export const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
