import { createHmac } from 'node:crypto';
import { PROFILE_BY_TAG, PROFILE_EDITION_SHORT, isRemovedGroup, type ProfileAction, type ProfileRow } from './basicProfile.js';
import { T, groupOf } from './dicomTags.js';

/** A plain (non-sequence) attribute as text; numbers of binary VRs are written `1\2\3`. */
export interface PlainAttribute {
  tag: number;
  vr: string;
  value: string;
}

export interface DeidentifyOptions {
  /** Keep dates and times as they are (Retain Longitudinal Temporal Information, Full Dates). */
  retainLongitudinal: boolean;
  /** Keep descriptions with identifying values struck out, instead of removing them. */
  cleanDescriptors: boolean;
}

/**
 * A UID replacement that is the same for the same UID within a project (so a study imported in two
 * parts stays one study) and cannot be reversed without the project's key: `2.25.` and 128 bits
 * of HMAC-SHA256 (PS3.5 B.2 allows UUID-derived UIDs under 2.25).
 */
export function uidMapper(key: Uint8Array): (uid: string) => string {
  return (uid) => {
    const digest = createHmac('sha256', key).update(uid).digest('hex').slice(0, 32);
    return `2.25.${BigInt(`0x${digest}`).toString()}`;
  };
}

/** The dummy value of a VR (action D): valid for the VR and identifying nothing. */
function dummy(vr: string): string {
  switch (vr) {
    case 'DA':
      return '19000101';
    case 'TM':
      return '000000';
    case 'DT':
      return '19000101000000';
    case 'AS':
      return '000Y';
    case 'DS':
    case 'IS':
      return '0';
    default:
      return 'ANONYMOUS';
  }
}

/** The action the chosen options give one row of the table. */
export function actionFor(row: ProfileRow, options: DeidentifyOptions): ProfileAction {
  if (options.retainLongitudinal && row.retainLongitudinal) return row.retainLongitudinal;
  if (options.cleanDescriptors && row.cleanDescriptors) return row.cleanDescriptors;
  return row.basic;
}

/** Identifying strings of a data set, struck out of descriptions that the Clean option keeps. */
const IDENTIFYING = [T.PatientName, T.PatientID, T.PatientBirthDate, T.AccessionNumber, 0x00101001, 0x00101000, 0x00080080, 0x00080090, 0x00081050];

function identifyingTerms(attributes: readonly PlainAttribute[]): string[] {
  const terms = new Set<string>();
  for (const a of attributes) {
    if (!IDENTIFYING.includes(a.tag)) continue;
    for (const part of a.value.split(/[\\^=\s,]+/)) if (part.length >= 3) terms.add(part);
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

function clean(text: string, terms: readonly string[]): string {
  let out = text;
  for (const term of terms) out = out.split(new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')).join('***');
  return out;
}

export interface DeidentifyResult {
  attributes: PlainAttribute[];
  /** What was done, as De-identification Method (0012,0063) says it. */
  method: string;
}

/**
 * Applies the Basic Profile (with the chosen options) to a data set's plain attributes: each listed
 * attribute gets its table action; private attributes (odd groups) and the curve and overlay groups
 * are removed; everything else is kept. Patient Identity Removed, De-identification Method and
 * Longitudinal Temporal Information Modified are added as PS3.15 E.1.1 asks.
 */
export function deidentify(attributes: readonly PlainAttribute[], options: DeidentifyOptions, mapUid: (uid: string) => string): DeidentifyResult {
  const terms = identifyingTerms(attributes);
  const out: PlainAttribute[] = [];
  for (const a of attributes) {
    const group = groupOf(a.tag);
    if (group % 2 === 1 || isRemovedGroup(group)) continue;
    // The file meta group describes the file, not the patient; it is never kept.
    if (group === 0x0002) continue;
    const row = PROFILE_BY_TAG.get(a.tag);
    if (!row) {
      out.push(a);
      continue;
    }
    switch (actionFor(row, options)) {
      case 'X':
        break;
      case 'Z':
        out.push({ ...a, value: '' });
        break;
      case 'D':
        out.push({ ...a, value: dummy(a.vr) });
        break;
      case 'U':
        out.push({ ...a, value: a.value.split('\\').map((uid) => (uid ? mapUid(uid) : uid)).join('\\') });
        break;
      case 'K':
        out.push(a);
        break;
      case 'C':
        out.push({ ...a, value: clean(a.value, terms) });
        break;
    }
  }
  // De-identification Method is LO (64 characters at most): the edition and options, abbreviated.
  const chosen = [PROFILE_EDITION_SHORT, options.retainLongitudinal ? 'Rtn Long Full Dates' : null, options.cleanDescriptors ? 'Clean Desc' : null];
  const method = chosen.filter(Boolean).join('; ');
  const without = (tags: number[]) => out.filter((a) => !tags.includes(a.tag));
  const added: PlainAttribute[] = [
    { tag: T.PatientIdentityRemoved, vr: 'CS', value: 'YES' },
    { tag: T.DeidentificationMethod, vr: 'LO', value: method },
    { tag: T.LongitudinalTemporalInformationModified, vr: 'CS', value: options.retainLongitudinal ? 'UNMODIFIED' : 'REMOVED' },
  ];
  return { attributes: [...without(added.map((a) => a.tag)), ...added].sort((a, b) => a.tag - b.tag), method };
}
