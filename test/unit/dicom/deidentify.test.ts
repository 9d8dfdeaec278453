import { describe, expect, it } from 'vitest';
import { BASIC_PROFILE, PROFILE_EDITION_SHORT, type ProfileRow } from '../../../electron/core/images/dicom/basicProfile.js';
import { actionFor, deidentify, uidMapper, type DeidentifyOptions, type PlainAttribute } from '../../../electron/core/images/dicom/deidentify.js';
import { T } from '../../../electron/core/images/dicom/dicomTags.js';

const mapUid = uidMapper(Buffer.alloc(32, 7));
const sample = (row: ProfileRow): string => {
  if (row.name.includes('UID')) return '1.2.3.4.5';
  if (row.name.endsWith('Date')) return '20240315';
  return row.cleanDescriptors ? 'Doe^Jane, follow-up' : 'Doe^Jane';
};

/** One attribute per row of the table, each with a value that would identify. */
const everyRow: PlainAttribute[] = BASIC_PROFILE.map((row) => ({ tag: row.tag, vr: row.name.includes('UID') ? 'UI' : 'LO', value: sample(row) }));
const identity: PlainAttribute[] = [
  { tag: T.PatientName, vr: 'PN', value: 'Doe^Jane' },
  { tag: T.PatientID, vr: 'LO', value: 'MRN-0042' },
];

const OPTIONS: DeidentifyOptions[] = [
  { retainLongitudinal: false, cleanDescriptors: false },
  { retainLongitudinal: true, cleanDescriptors: false },
  { retainLongitudinal: false, cleanDescriptors: true },
  { retainLongitudinal: true, cleanDescriptors: true },
];

describe('de-identification (PS3.15 Basic Profile)', () => {
  it.each(OPTIONS)('removes, empties, replaces or keeps every attribute of the table as it says (%o)', (options) => {
    const input = [...everyRow.filter((a) => a.tag !== T.PatientName && a.tag !== T.PatientID), ...identity];
    const out = new Map(deidentify(input, options, mapUid).attributes.map((a) => [a.tag, a]));
    for (const row of BASIC_PROFILE) {
      const before = input.find((a) => a.tag === row.tag)!;
      const after = out.get(row.tag);
      const action = actionFor(row, options);
      const where = `${row.name} (${action})`;
      if (action === 'X') expect(after, where).toBeUndefined();
      else if (action === 'Z') expect(after?.value, where).toBe('');
      else if (action === 'K') expect(after?.value, where).toBe(before.value);
      else if (action === 'U') {
        expect(after?.value, where).toBe(mapUid(before.value));
        expect(after?.value, where).toMatch(/^2\.25\.\d{1,39}$/);
      } else if (action === 'C') {
        expect(after?.value, where).toBe('***^***, follow-up');
      }
    }
  });

  it('offers the options only where the table gives them: dates kept with Retain Longitudinal, descriptions cleaned with Clean Descriptors', () => {
    const studyDate = BASIC_PROFILE.find((r) => r.tag === T.StudyDate)!;
    const description = BASIC_PROFILE.find((r) => r.tag === T.StudyDescription)!;
    expect(actionFor(studyDate, OPTIONS[0]!)).toBe('Z');
    expect(actionFor(studyDate, OPTIONS[1]!)).toBe('K');
    expect(actionFor(description, OPTIONS[0]!)).toBe('X');
    expect(actionFor(description, OPTIONS[2]!)).toBe('C');
    expect(actionFor(BASIC_PROFILE.find((r) => r.tag === T.PatientName)!, OPTIONS[3]!)).toBe('Z');
  });

  it('removes private attributes, curves and overlays, keeps attributes the table does not list', () => {
    const out = deidentify(
      [
        { tag: 0x00091010, vr: 'LO', value: 'vendor private' },
        { tag: 0x60004000, vr: 'LT', value: 'overlay comment naming Jane Doe' },
        { tag: 0x50000010, vr: 'US', value: '3' },
        { tag: T.Modality, vr: 'CS', value: 'CT' },
        { tag: T.Rows, vr: 'US', value: '512' },
      ],
      OPTIONS[0]!,
      mapUid,
    ).attributes;
    expect(out.map((a) => a.tag)).toEqual([T.PatientIdentityRemoved, T.DeidentificationMethod, T.Modality, T.Rows, T.LongitudinalTemporalInformationModified].sort((a, b) => a - b));
  });

  it('replaces a UID the same way every time with one key, differently with another, and never keeps it', () => {
    const uid = '1.2.840.113619.2.55.3.604688119.969.1268071029.320';
    expect(mapUid(uid)).toBe(mapUid(uid));
    expect(mapUid(uid)).not.toBe(mapUid(`${uid}1`));
    expect(uidMapper(Buffer.alloc(32, 8))(uid)).not.toBe(mapUid(uid));
    expect(mapUid(uid).length).toBeLessThanOrEqual(64);
  });

  it('records what was done as PS3.15 E.1.1 asks', () => {
    const out = new Map(deidentify(identity, OPTIONS[3]!, mapUid).attributes.map((a) => [a.tag, a.value]));
    expect(out.get(T.PatientIdentityRemoved)).toBe('YES');
    expect(out.get(T.DeidentificationMethod)).toBe(`${PROFILE_EDITION_SHORT}; Rtn Long Full Dates; Clean Desc`);
    expect(out.get(T.DeidentificationMethod)!.length).toBeLessThanOrEqual(64);
    expect(out.get(T.LongitudinalTemporalInformationModified)).toBe('UNMODIFIED');
  });
});
