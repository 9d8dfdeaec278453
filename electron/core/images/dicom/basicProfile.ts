/**
 * The Basic Application Level Confidentiality Profile as data: PS3.15 Annex E, Table E.1-1, of
 * the pinned edition below. Each row gives the tag, its name, the Basic Profile action, and the
 * action under the two options Faultline offers when they change it.
 *
 * Actions (PS3.15 E.1.1): X remove, Z empty value, D dummy value, U replace the UID consistently,
 * K keep, C clean (descriptors: keep the text with identifying values struck out). The table's
 * compound actions (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) let an implementation choose by the attribute's
 * type in the IOD; Faultline keeps only a data set's plain attributes (never its sequences) and
 * writes its own IODs, so it takes the first action, except that Z/D is taken as Z.
 *
 * The table covers the attributes of Table E.1-1 that are plain (non-sequence) attributes of
 * image IODs; sequences are never kept, private attributes are removed, and so are curve (50xx)
 * and overlay (60xx) groups, as the profile says.
 */
export const PROFILE_EDITION = 'DICOM PS3.15 2024c, Table E.1-1';
export const PROFILE_EDITION_SHORT = 'PS3.15 2024c Basic Profile';

export type ProfileAction = 'X' | 'Z' | 'D' | 'U' | 'K' | 'C';

export interface ProfileRow {
  tag: number;
  name: string;
  basic: ProfileAction;
  /** Retain Longitudinal Temporal Information with Full Dates Option. */
  retainLongitudinal?: ProfileAction;
  /** Clean Descriptors Option. */
  cleanDescriptors?: ProfileAction;
}

type Row = readonly [string, string, ProfileAction, ('K' | 'C' | '')?, ('C' | '')?];

/** [tag, name, basic, retain longitudinal, clean descriptors]. */
const ROWS: readonly Row[] = [
  ['00080012', 'Instance Creation Date', 'X', 'K'],
  ['00080013', 'Instance Creation Time', 'X', 'K'],
  ['00080014', 'Instance Creator UID', 'U'],
  ['00080015', 'Instance Coercion DateTime', 'X', 'K'],
  ['00080018', 'SOP Instance UID', 'U'],
  ['00080020', 'Study Date', 'Z', 'K'],
  ['00080021', 'Series Date', 'X', 'K'],
  ['00080022', 'Acquisition Date', 'X', 'K'],
  ['00080023', 'Content Date', 'Z', 'K'],
  ['00080024', 'Overlay Date', 'X', 'K'],
  ['00080025', 'Curve Date', 'X', 'K'],
  ['0008002A', 'Acquisition DateTime', 'X', 'K'],
  ['00080030', 'Study Time', 'Z', 'K'],
  ['00080031', 'Series Time', 'X', 'K'],
  ['00080032', 'Acquisition Time', 'X', 'K'],
  ['00080033', 'Content Time', 'Z', 'K'],
  ['00080034', 'Overlay Time', 'X', 'K'],
  ['00080035', 'Curve Time', 'X', 'K'],
  ['00080050', 'Accession Number', 'Z'],
  ['00080058', 'Failed SOP Instance UID List', 'U'],
  ['00080080', 'Institution Name', 'X'],
  ['00080081', 'Institution Address', 'X'],
  ['00080090', "Referring Physician's Name", 'Z'],
  ['00080092', "Referring Physician's Address", 'X'],
  ['00080094', "Referring Physician's Telephone Numbers", 'X'],
  ['00080201', 'Timezone Offset From UTC', 'X', 'K'],
  ['00081010', 'Station Name', 'X'],
  ['00081030', 'Study Description', 'X', '', 'C'],
  ['0008103E', 'Series Description', 'X', '', 'C'],
  ['00081040', 'Institutional Department Name', 'X'],
  ['00081048', 'Physician(s) of Record', 'X'],
  ['00081050', "Performing Physician's Name", 'X'],
  ['00081060', 'Name of Physician(s) Reading Study', 'X'],
  ['00081070', "Operators' Name", 'X'],
  ['00081080', 'Admitting Diagnoses Description', 'X', '', 'C'],
  ['00081155', 'Referenced SOP Instance UID', 'U'],
  ['00082111', 'Derivation Description', 'X', '', 'C'],
  ['00100010', "Patient's Name", 'Z'],
  ['00100020', 'Patient ID', 'Z'],
  ['00100021', 'Issuer of Patient ID', 'X'],
  ['00100030', "Patient's Birth Date", 'Z'],
  ['00100032', "Patient's Birth Time", 'X'],
  ['00100040', "Patient's Sex", 'Z'],
  ['00101000', 'Other Patient IDs', 'X'],
  ['00101001', 'Other Patient Names', 'X'],
  ['00101005', "Patient's Birth Name", 'X'],
  ['00101010', "Patient's Age", 'X'],
  ['00101020', "Patient's Size", 'X'],
  ['00101030', "Patient's Weight", 'X'],
  ['00101040', "Patient's Address", 'X'],
  ['00101060', "Patient's Mother's Birth Name", 'X'],
  ['00101080', 'Military Rank', 'X'],
  ['00101081', 'Branch of Service', 'X'],
  ['00101090', 'Medical Record Locator', 'X'],
  ['00102000', 'Medical Alerts', 'X'],
  ['00102110', 'Allergies', 'X', '', 'C'],
  ['00102150', 'Country of Residence', 'X'],
  ['00102152', 'Region of Residence', 'X'],
  ['00102154', "Patient's Telephone Numbers", 'X'],
  ['00102160', 'Ethnic Group', 'X'],
  ['00102180', 'Occupation', 'X', '', 'C'],
  ['001021A0', 'Smoking Status', 'X'],
  ['001021B0', 'Additional Patient History', 'X', '', 'C'],
  ['001021C0', 'Pregnancy Status', 'X'],
  ['001021D0', 'Last Menstrual Date', 'X', 'K'],
  ['001021F0', "Patient's Religious Preference", 'X'],
  ['00102203', "Patient's Sex Neutered", 'X'],
  ['00102297', 'Responsible Person', 'X'],
  ['00102299', 'Responsible Organization', 'X'],
  ['00104000', 'Patient Comments', 'X', '', 'C'],
  ['00180010', 'Contrast/Bolus Agent', 'Z', '', 'C'],
  ['00181000', 'Device Serial Number', 'X'],
  ['00181002', 'Device UID', 'U'],
  ['00181030', 'Protocol Name', 'X', '', 'C'],
  ['00181200', 'Date of Last Calibration', 'X', 'K'],
  ['00181201', 'Time of Last Calibration', 'X', 'K'],
  ['00181400', 'Acquisition Device Processing Description', 'X', '', 'C'],
  ['00184000', 'Acquisition Comments', 'X', '', 'C'],
  ['0020000D', 'Study Instance UID', 'U'],
  ['0020000E', 'Series Instance UID', 'U'],
  ['00200010', 'Study ID', 'Z'],
  ['00200052', 'Frame of Reference UID', 'U'],
  ['00200200', 'Synchronization Frame of Reference UID', 'U'],
  ['00204000', 'Image Comments', 'X', '', 'C'],
  ['00321032', 'Requesting Physician', 'X'],
  ['00321033', 'Requesting Service', 'X'],
  ['00321060', 'Requested Procedure Description', 'X', '', 'C'],
  ['00324000', 'Study Comments', 'X', '', 'C'],
  ['00380010', 'Admission ID', 'X'],
  ['00380020', 'Admitting Date', 'X', 'K'],
  ['00380021', 'Admitting Time', 'X', 'K'],
  ['00380300', 'Current Patient Location', 'X'],
  ['00380400', "Patient's Institution Residence", 'X'],
  ['00380500', 'Patient State', 'X', '', 'C'],
  ['00400006', "Scheduled Performing Physician's Name", 'X'],
  ['00400241', 'Performed Station AE Title', 'X'],
  ['00400242', 'Performed Station Name', 'X'],
  ['00400243', 'Performed Location', 'X'],
  ['00400244', 'Performed Procedure Step Start Date', 'X', 'K'],
  ['00400245', 'Performed Procedure Step Start Time', 'X', 'K'],
  ['00400250', 'Performed Procedure Step End Date', 'X', 'K'],
  ['00400251', 'Performed Procedure Step End Time', 'X', 'K'],
  ['00400253', 'Performed Procedure Step ID', 'X'],
  ['00400254', 'Performed Procedure Step Description', 'X', '', 'C'],
  ['00400280', 'Comments on the Performed Procedure Step', 'X', '', 'C'],
  ['00401001', 'Requested Procedure ID', 'X'],
  ['00402016', 'Placer Order Number / Imaging Service Request', 'Z'],
  ['00402017', 'Filler Order Number / Imaging Service Request', 'Z'],
  ['00402400', 'Imaging Service Request Comments', 'X', '', 'C'],
  ['0040A124', 'UID', 'U'],
  ['00880140', 'Storage Media File-set UID', 'U'],
  ['30060024', 'Referenced Frame of Reference UID', 'U'],
];

export const BASIC_PROFILE: readonly ProfileRow[] = ROWS.map(([hex, name, basic, retainLongitudinal, cleanDescriptors]) => ({
  tag: parseInt(hex, 16) >>> 0,
  name,
  basic,
  ...(retainLongitudinal ? { retainLongitudinal } : {}),
  ...(cleanDescriptors ? { cleanDescriptors } : {}),
}));

export const PROFILE_BY_TAG: ReadonlyMap<number, ProfileRow> = new Map(BASIC_PROFILE.map((row) => [row.tag, row]));

/**
 * Groups the profile removes whole: curves (50xx) and overlays (60xx, their data and comments,
 * which can carry burned-in text), as PS3.15 E.1-1 lists them by group.
 */
export function isRemovedGroup(group: number): boolean {
  return (group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000;
}
