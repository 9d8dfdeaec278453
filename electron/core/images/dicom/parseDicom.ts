import { inflateRawSync } from 'node:zlib';
import { ImportFailureError } from '../importFailure.js';
import { LONG_VRS, T, implicitVr, tagName } from './dicomTags.js';
import { TRANSFER_SYNTAXES, type TransferSyntax } from './transferSyntaxes.js';

/** One attribute: where its value lies in the parsed bytes, or its items for a sequence. */
export interface DicomElement {
  tag: number;
  vr: string;
  offset: number;
  length: number;
  items?: DicomItem[];
}

export type DicomItem = Map<number, DicomElement>;

/** Where the pixel data starts; offsets are in the file, or in the inflated data set when deflated. */
export type PixelDataLocation = { kind: 'native'; offset: number; length: number } | { kind: 'encapsulated'; offset: number };

export interface DicomHeader {
  transferSyntaxUid: string;
  transferSyntax: TransferSyntax;
  meta: DicomItem;
  dataset: DicomItem;
  /** The bytes the elements' offsets point into. */
  bytes: Buffer;
  pixelData: PixelDataLocation | null;
}

/** The header needs more of the file than was given; the caller reads more and tries again. */
export class NeedMoreBytes extends Error {
  constructor() {
    super('the DICOM header continues past the bytes read');
  }
}

const UNDEFINED_LENGTH = 0xffffffff;
/** Nesting deeper than this is a damaged or hostile file, not a real data set. */
const MAX_DEPTH = 32;
/** An inflated data set beyond this is refused rather than held in memory. */
const MAX_INFLATED_BYTES = 1024 ** 3;

function corrupt(detail: string): ImportFailureError {
  return new ImportFailureError('corrupt', `The DICOM file is damaged or truncated (${detail}).`);
}

interface Cursor {
  buf: Buffer;
  explicit: boolean;
  /** The whole file (or data set) is in `buf`, so running out of bytes means truncation. */
  complete: boolean;
}

function need(c: Cursor, end: number): void {
  if (end <= c.buf.length) return;
  if (c.complete) throw corrupt(`it ends at byte ${c.buf.length} inside an element that needs ${end}`);
  throw new NeedMoreBytes();
}

interface Parsed {
  elements: DicomItem;
  pos: number;
  pixelData: PixelDataLocation | null;
}

/**
 * Reads elements from `pos` until `end`, an item delimiter, or (at the top level) the pixel data,
 * whose bytes are never read here: frames are read one at a time later, so a 4 GB file costs only
 * its header.
 */
function parseElements(c: Cursor, pos: number, end: number, depth: number, topLevel: boolean): Parsed {
  if (depth > MAX_DEPTH) throw corrupt(`sequences nested more than ${MAX_DEPTH} deep`);
  const elements: DicomItem = new Map();
  while (pos < end) {
    if (!Number.isFinite(end) && c.complete && pos >= c.buf.length) break;
    need(c, pos + 8);
    const t = ((c.buf.readUInt16LE(pos) << 16) | c.buf.readUInt16LE(pos + 2)) >>> 0;
    if (t === T.ItemDelimitation || t === T.SequenceDelimitation) return { elements, pos: pos + 8, pixelData: null };
    let vr: string;
    let length: number;
    let header: number;
    if (c.explicit) {
      vr = c.buf.toString('latin1', pos + 4, pos + 6);
      if (!/^[A-Z]{2}$/.test(vr)) throw corrupt(`element ${tagName(t)} at byte ${pos} has no valid VR`);
      if (LONG_VRS.has(vr)) {
        need(c, pos + 12);
        length = c.buf.readUInt32LE(pos + 8);
        header = 12;
      } else {
        length = c.buf.readUInt16LE(pos + 6);
        header = 8;
      }
    } else {
      vr = implicitVr(t);
      length = c.buf.readUInt32LE(pos + 4);
      header = 8;
    }
    const start = pos + header;
    if (t === T.PixelData && topLevel) {
      const pixelData: PixelDataLocation = length === UNDEFINED_LENGTH ? { kind: 'encapsulated', offset: start } : { kind: 'native', offset: start, length };
      elements.set(t, { tag: t, vr, offset: start, length: length === UNDEFINED_LENGTH ? -1 : length });
      return { elements, pos: start, pixelData };
    }
    if (vr === 'SQ' || length === UNDEFINED_LENGTH) {
      // An undefined-length UN is a sequence in Implicit VR Little Endian (PS3.5 6.2.2).
      const inner: Cursor = vr === 'UN' ? { ...c, explicit: false } : c;
      const seqEnd = length === UNDEFINED_LENGTH ? Infinity : start + length;
      const { items, pos: after } = parseItems(inner, start, seqEnd, depth + 1);
      elements.set(t, { tag: t, vr: 'SQ', offset: start, length: after - start, items });
      pos = after;
      continue;
    }
    need(c, start + length);
    elements.set(t, { tag: t, vr, offset: start, length });
    pos = start + length;
  }
  if (Number.isFinite(end) && pos !== end) throw corrupt(`an element runs past the end of its item at byte ${end}`);
  return { elements, pos, pixelData: null };
}

function parseItems(c: Cursor, pos: number, end: number, depth: number): { items: DicomItem[]; pos: number } {
  const items: DicomItem[] = [];
  while (pos < end) {
    need(c, pos + 8);
    const t = ((c.buf.readUInt16LE(pos) << 16) | c.buf.readUInt16LE(pos + 2)) >>> 0;
    const length = c.buf.readUInt32LE(pos + 4);
    if (t === T.SequenceDelimitation) return { items, pos: pos + 8 };
    if (t !== T.Item) throw corrupt(`expected a sequence item at byte ${pos}, found ${tagName(t)}`);
    const start = pos + 8;
    const itemEnd = length === UNDEFINED_LENGTH ? Infinity : start + length;
    const parsed = parseElements(c, start, itemEnd, depth, false);
    items.push(parsed.elements);
    pos = parsed.pos;
  }
  return { items, pos };
}

/** Text of an element, trimmed of DICOM's space and NUL padding. */
export function textOf(bytes: Buffer, el: DicomElement | undefined): string | undefined {
  if (!el || el.length <= 0) return undefined;
  return bytes.toString('latin1', el.offset, el.offset + el.length).replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

/** The first unsigned 16-bit value of a US element (or the n-th). */
export function uint16Of(bytes: Buffer, el: DicomElement | undefined, index = 0): number | undefined {
  if (!el || el.length < 2 * (index + 1)) return undefined;
  return bytes.readUInt16LE(el.offset + 2 * index);
}

/** Numbers of a DS or IS element (backslash-separated text). */
export function numbersOf(bytes: Buffer, el: DicomElement | undefined): number[] {
  const text = textOf(bytes, el);
  if (!text) return [];
  return text.split('\\').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n));
}

const PREAMBLE = 128;

/**
 * Parses a DICOM Part 10 header from the first bytes of a file: the 128-byte preamble and `DICM`,
 * the file meta information (always Explicit VR Little Endian), then the data set in the file's
 * transfer syntax up to the pixel data. `complete` says `head` is the whole file; otherwise a
 * header longer than `head` throws NeedMoreBytes. A deflated data set is inflated whole (it has no
 * random access), so its size is bounded.
 */
export function parseDicomHeader(head: Buffer, complete: boolean): DicomHeader {
  if (head.length < PREAMBLE + 4) {
    if (!complete) throw new NeedMoreBytes();
    throw new ImportFailureError('not_an_image', 'Not a DICOM file: it is shorter than the 132-byte Part 10 preamble.');
  }
  if (head.toString('latin1', PREAMBLE, PREAMBLE + 4) !== 'DICM') {
    throw new ImportFailureError('not_an_image', "Not a DICOM Part 10 file: there is no 'DICM' after the 128-byte preamble. Export the images from the PACS as DICOM files (Part 10).");
  }
  const meta: DicomItem = new Map();
  let pos = PREAMBLE + 4;
  // The meta group is Explicit VR Little Endian with no sequences, whatever the data set's syntax.
  while (true) {
    need({ buf: head, explicit: true, complete }, pos + 8);
    if (head.readUInt16LE(pos) !== 0x0002) break;
    const t = ((head.readUInt16LE(pos) << 16) | head.readUInt16LE(pos + 2)) >>> 0;
    const vr = head.toString('latin1', pos + 4, pos + 6);
    const long = LONG_VRS.has(vr);
    need({ buf: head, explicit: true, complete }, pos + 12);
    const length = long ? head.readUInt32LE(pos + 8) : head.readUInt16LE(pos + 6);
    const start = pos + (long ? 12 : 8);
    if (length === UNDEFINED_LENGTH) throw corrupt(`the file meta element ${tagName(t)} has an undefined length`);
    need({ buf: head, explicit: true, complete }, start + length);
    meta.set(t, { tag: t, vr, offset: start, length });
    pos = start + length;
  }
  const uid = textOf(head, meta.get(T.TransferSyntaxUID));
  if (!uid) throw corrupt('the file meta information names no transfer syntax');
  const syntax = TRANSFER_SYNTAXES[uid];
  if (!syntax) throw new ImportFailureError('unsupported', `The DICOM transfer syntax ${uid} is not one Faultline can read; export the series uncompressed (Explicit VR Little Endian).`);
  if (syntax.codec === 'unsupported') {
    throw new ImportFailureError('unsupported', `The DICOM transfer syntax ${syntax.name} (${uid}) cannot be decoded by Faultline; export the series uncompressed (Explicit VR Little Endian) or as RLE Lossless.`);
  }
  if (syntax.deflated) {
    if (!complete) throw new NeedMoreBytes();
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(head.subarray(pos), { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (error) {
      throw corrupt(`the deflated data set cannot be inflated: ${(error as Error).message}`);
    }
    const parsed = parseElements({ buf: inflated, explicit: true, complete: true }, 0, Infinity, 0, true);
    return { transferSyntaxUid: uid, transferSyntax: syntax, meta, dataset: parsed.elements, bytes: inflated, pixelData: parsed.pixelData };
  }
  const parsed = parseElements({ buf: head, explicit: syntax.explicitVr, complete }, pos, Infinity, 0, true);
  return { transferSyntaxUid: uid, transferSyntax: syntax, meta, dataset: parsed.elements, bytes: head, pixelData: parsed.pixelData };
}
