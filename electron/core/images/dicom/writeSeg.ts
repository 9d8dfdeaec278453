import type { DicomFrameHeader } from '../../../../shared/dicom/frameRecord.js';
import type { PlainAttribute } from './deidentify.js';
import { T, tag } from './dicomTags.js';
import { EXPLICIT_VR_LITTLE_ENDIAN } from './transferSyntaxes.js';
import { encodePart10, type DicomAttribute, type DicomDataSet } from './writeDicom.js';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/** One source frame and its label map (class id per pixel, row-major). */
export interface SegSourceFrame {
  sopClassUid: string;
  sopInstanceUid: string;
  frameNumber: number;
  /** Whether the source instance is multi-frame (then the reference names the frame). */
  multiFrame: boolean;
  geometry: DicomFrameHeader['geometry'];
  labels: Uint8Array;
}

export interface SegInput {
  rows: number;
  columns: number;
  /** Frames of one series, in slice order. */
  frames: readonly SegSourceFrame[];
  /** The series' kept attributes (patient and study modules are copied from them). */
  attributes: readonly PlainAttribute[];
  seriesUid: string;
  classes: readonly { id: number; name: string }[];
  segSeriesUid: string;
  segInstanceUid: string;
  now: Date;
  manufacturer: { name: string; model: string; version: string };
}

const code = (value: string, scheme: string, meaning: string): DicomDataSet => [
  { tag: tag(0x0008, 0x0100), vr: 'SH', value },
  { tag: tag(0x0008, 0x0102), vr: 'SH', value: scheme },
  { tag: tag(0x0008, 0x0104), vr: 'LO', value: meaning },
];

/** Category of every segment (SNOMED CT "Tissue"); the type is the project's class, in a private scheme. */
const CATEGORY = code('85756007', 'SCT', 'Tissue');
export const CLASS_CODING_SCHEME = '99FAULTLINE';

const sq = (t: number, items: DicomDataSet[]): DicomAttribute => ({ tag: t, vr: 'SQ', value: items });
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Bits of every frame back to back, least significant bit first (PS3.5 8.1.1: 1-bit frames are not padded). */
function packBits(frames: readonly Uint8Array[]): Uint8Array {
  const total = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(Math.ceil(Math.ceil(total / 8) / 2) * 2);
  let bit = 0;
  for (const f of frames) {
    for (let i = 0; i < f.length; i++, bit++) if (f[i]) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

function kept(attributes: readonly PlainAttribute[], t: number): string {
  return attributes.find((a) => a.tag === t)?.value ?? '';
}

/**
 * A DICOM Segmentation (PS3.3 A.51) of one series: BINARY, one segment per class present, one
 * frame per (segment, source frame) that has pixels of the class, each frame deriving from its
 * source frame. Patient and study come from the series' kept attributes, so a de-identified
 * series gets a de-identified SEG that still matches the study it was imported from.
 */
export function encodeSeg(input: SegInput): Buffer {
  const present = input.classes.filter((c) => input.frames.some((f) => f.labels.includes(c.id)));
  if (present.length === 0) throw new Error('no class has a pixel in this series');
  const attrs = input.attributes;
  const date = `${input.now.getUTCFullYear()}${pad2(input.now.getUTCMonth() + 1)}${pad2(input.now.getUTCDate())}`;
  const time = `${pad2(input.now.getUTCHours())}${pad2(input.now.getUTCMinutes())}${pad2(input.now.getUTCSeconds())}`;
  const frameOfReference = kept(attrs, T.FrameOfReferenceUID);
  const g0 = input.frames[0]!.geometry;
  const hasGeometry = Boolean(frameOfReference && g0.orientation && g0.spacing && input.frames.every((f) => f.geometry.position));
  const organizationUid = `${input.segInstanceUid}.1`;

  const segments: DicomDataSet[] = present.map((c, i) => [
    { tag: tag(0x0062, 0x0004), vr: 'US', value: [i + 1] },
    { tag: tag(0x0062, 0x0005), vr: 'LO', value: c.name.slice(0, 64) },
    { tag: tag(0x0062, 0x0008), vr: 'CS', value: 'MANUAL' },
    sq(tag(0x0062, 0x0003), [CATEGORY]),
    sq(tag(0x0062, 0x000f), [code(`C${c.id}`, CLASS_CODING_SCHEME, c.name.slice(0, 64))]),
  ]);

  const perFrame: DicomDataSet[] = [];
  const bitmaps: Uint8Array[] = [];
  present.forEach((c, s) => {
    input.frames.forEach((f, slice) => {
      if (!f.labels.includes(c.id)) return;
      const bitmap = new Uint8Array(f.labels.length);
      for (let i = 0; i < bitmap.length; i++) bitmap[i] = f.labels[i] === c.id ? 1 : 0;
      bitmaps.push(bitmap);
      const source: DicomDataSet = [
        { tag: tag(0x0008, 0x1150), vr: 'UI', value: f.sopClassUid },
        { tag: tag(0x0008, 0x1155), vr: 'UI', value: f.sopInstanceUid },
        ...(f.multiFrame ? [{ tag: tag(0x0008, 0x1160), vr: 'IS', value: String(f.frameNumber) }] : []),
        sq(tag(0x0040, 0xa170), [code('121322', 'DCM', 'Source image for image processing operation')]),
      ];
      perFrame.push([
        sq(tag(0x0008, 0x9124), [[sq(tag(0x0008, 0x2112), [source]), sq(tag(0x0008, 0x9215), [code('113076', 'DCM', 'Segmentation')])]]),
        sq(tag(0x0020, 0x9111), [[{ tag: tag(0x0020, 0x9157), vr: 'UL', value: hasGeometry ? [s + 1, slice + 1] : [s + 1] }]]),
        ...(hasGeometry ? [sq(tag(0x0020, 0x9113), [[{ tag: T.ImagePositionPatient, vr: 'DS', value: f.geometry.position!.map(ds) }]])] : []),
        sq(tag(0x0062, 0x000a), [[{ tag: tag(0x0062, 0x000b), vr: 'US', value: [s + 1] }]]),
      ]);
    });
  });

  const dimensionIndex = (pointer: number, group: number, label: string): DicomDataSet => [
    { tag: tag(0x0020, 0x9165), vr: 'AT', value: [pointer] },
    { tag: tag(0x0020, 0x9167), vr: 'AT', value: [group] },
    { tag: tag(0x0020, 0x9164), vr: 'UI', value: organizationUid },
    { tag: tag(0x0020, 0x9421), vr: 'LO', value: label },
  ];
  const shared: DicomDataSet = hasGeometry
    ? [
        sq(tag(0x0028, 0x9110), [
          [
            { tag: T.SliceThickness, vr: 'DS', value: ds(g0.sliceThickness ?? 1) },
            { tag: T.PixelSpacing, vr: 'DS', value: g0.spacing!.map(ds) },
          ],
        ]),
        sq(tag(0x0020, 0x9116), [[{ tag: T.ImageOrientationPatient, vr: 'DS', value: g0.orientation!.map(ds) }]]),
      ]
    : [];

  const identity: DicomAttribute[] = [T.PatientIdentityRemoved, T.DeidentificationMethod, T.LongitudinalTemporalInformationModified].flatMap((t) => {
    const a = attrs.find((x) => x.tag === t);
    return a ? [{ tag: t, vr: t === T.DeidentificationMethod ? 'LO' : 'CS', value: a.value }] : [];
  });

  const dataSet: DicomAttribute[] = [
    { tag: tag(0x0008, 0x0005), vr: 'CS', value: 'ISO_IR 192' },
    { tag: T.ImageType, vr: 'CS', value: ['DERIVED', 'PRIMARY'] },
    { tag: T.SOPClassUID, vr: 'UI', value: SEGMENTATION_STORAGE },
    { tag: T.SOPInstanceUID, vr: 'UI', value: input.segInstanceUid },
    { tag: T.StudyDate, vr: 'DA', value: kept(attrs, T.StudyDate) },
    sq(tag(0x0008, 0x0110), [
      [
        { tag: tag(0x0008, 0x0102), vr: 'SH', value: CLASS_CODING_SCHEME },
        { tag: tag(0x0008, 0x0115), vr: 'ST', value: 'Faultline project classes' },
      ],
    ]),
    { tag: tag(0x0008, 0x0021), vr: 'DA', value: date },
    { tag: tag(0x0008, 0x0023), vr: 'DA', value: date },
    { tag: T.StudyTime, vr: 'TM', value: kept(attrs, T.StudyTime) },
    { tag: tag(0x0008, 0x0031), vr: 'TM', value: time },
    { tag: tag(0x0008, 0x0033), vr: 'TM', value: time },
    { tag: T.AccessionNumber, vr: 'SH', value: kept(attrs, T.AccessionNumber) },
    { tag: T.Modality, vr: 'CS', value: 'SEG' },
    { tag: T.Manufacturer, vr: 'LO', value: input.manufacturer.name },
    { tag: T.ReferringPhysicianName, vr: 'PN', value: kept(attrs, T.ReferringPhysicianName) },
    { tag: T.SeriesDescription, vr: 'LO', value: 'Faultline segmentation' },
    { tag: tag(0x0008, 0x1090), vr: 'LO', value: input.manufacturer.model },
    { tag: T.PatientName, vr: 'PN', value: kept(attrs, T.PatientName) },
    { tag: T.PatientID, vr: 'LO', value: kept(attrs, T.PatientID) },
    { tag: T.PatientBirthDate, vr: 'DA', value: kept(attrs, T.PatientBirthDate) },
    { tag: T.PatientSex, vr: 'CS', value: kept(attrs, T.PatientSex) },
    ...identity,
    { tag: tag(0x0018, 0x1000), vr: 'LO', value: '1' },
    { tag: tag(0x0018, 0x1020), vr: 'LO', value: input.manufacturer.version },
    { tag: T.StudyInstanceUID, vr: 'UI', value: kept(attrs, T.StudyInstanceUID) },
    { tag: T.SeriesInstanceUID, vr: 'UI', value: input.segSeriesUid },
    { tag: T.StudyID, vr: 'SH', value: kept(attrs, T.StudyID) },
    { tag: T.SeriesNumber, vr: 'IS', value: '999' },
    { tag: T.InstanceNumber, vr: 'IS', value: '1' },
    ...(frameOfReference
      ? [
          { tag: T.FrameOfReferenceUID, vr: 'UI', value: frameOfReference },
          { tag: tag(0x0020, 0x1040), vr: 'LO', value: '' },
        ]
      : []),
    sq(tag(0x0020, 0x9221), [[{ tag: tag(0x0020, 0x9164), vr: 'UI', value: organizationUid }]]),
    sq(tag(0x0020, 0x9222), [
      dimensionIndex(tag(0x0062, 0x000b), tag(0x0062, 0x000a), 'Segment Number'),
      ...(hasGeometry ? [dimensionIndex(T.ImagePositionPatient, tag(0x0020, 0x9113), 'Image Position Patient')] : []),
    ]),
    { tag: T.SamplesPerPixel, vr: 'US', value: [1] },
    { tag: T.PhotometricInterpretation, vr: 'CS', value: 'MONOCHROME2' },
    { tag: T.NumberOfFrames, vr: 'IS', value: String(bitmaps.length) },
    { tag: T.Rows, vr: 'US', value: [input.rows] },
    { tag: T.Columns, vr: 'US', value: [input.columns] },
    { tag: T.BitsAllocated, vr: 'US', value: [1] },
    { tag: T.BitsStored, vr: 'US', value: [1] },
    { tag: T.HighBit, vr: 'US', value: [0] },
    { tag: T.PixelRepresentation, vr: 'US', value: [0] },
    { tag: tag(0x0028, 0x2110), vr: 'CS', value: '00' },
    sq(tag(0x0008, 0x1115), [
      [
        sq(
          tag(0x0008, 0x114a),
          uniqueInstances(input.frames).map((f) => [
            { tag: tag(0x0008, 0x1150), vr: 'UI', value: f.sopClassUid },
            { tag: tag(0x0008, 0x1155), vr: 'UI', value: f.sopInstanceUid },
          ]),
        ),
        { tag: T.SeriesInstanceUID, vr: 'UI', value: input.seriesUid },
      ],
    ]),
    { tag: tag(0x0062, 0x0001), vr: 'CS', value: 'BINARY' },
    sq(tag(0x0062, 0x0002), segments),
    { tag: tag(0x0070, 0x0080), vr: 'CS', value: 'FAULTLINE' },
    { tag: tag(0x0070, 0x0081), vr: 'LO', value: 'Labels reviewed in Faultline' },
    { tag: tag(0x0070, 0x0084), vr: 'PN', value: '' },
    sq(tag(0x5200, 0x9229), [shared]),
    sq(tag(0x5200, 0x9230), perFrame),
    { tag: T.PixelData, vr: 'OB', value: packBits(bitmaps) },
  ];
  return encodePart10(dataSet, { sopClassUid: SEGMENTATION_STORAGE, sopInstanceUid: input.segInstanceUid, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN });
}

function uniqueInstances(frames: readonly SegSourceFrame[]): SegSourceFrame[] {
  const seen = new Map<string, SegSourceFrame>();
  for (const f of frames) if (!seen.has(f.sopInstanceUid)) seen.set(f.sopInstanceUid, f);
  return [...seen.values()];
}

/** A decimal string (DS) of at most 16 characters. */
function ds(n: number): string {
  const s = String(n);
  return s.length <= 16 ? s : n.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
}
