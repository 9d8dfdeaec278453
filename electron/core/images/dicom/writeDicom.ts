import { deflateRawSync } from 'node:zlib';
import { LONG_VRS, T } from './dicomTags.js';

/** A value to write: text (joined by `\`), numbers (binary for US/SS/UL/SL/FL/FD, text for DS/IS), bytes, items, or fragments. */
export type DicomValue = string | readonly string[] | readonly number[] | Uint8Array | readonly DicomDataSet[] | { fragments: readonly Uint8Array[] };

export interface DicomAttribute {
  tag: number;
  vr: string;
  value: DicomValue;
}

export type DicomDataSet = readonly DicomAttribute[];

/** The implementation's identity written into every file Faultline makes (PS3.7 D.3.3.2). */
export const IMPLEMENTATION_CLASS_UID = '2.25.208311364128339826543298151720637442519';
export const IMPLEMENTATION_VERSION = 'FAULTLINE_1';

const BINARY: Record<string, { size: number; write: (b: Buffer, v: number, o: number) => void }> = {
  US: { size: 2, write: (b, v, o) => b.writeUInt16LE(v, o) },
  SS: { size: 2, write: (b, v, o) => b.writeInt16LE(v, o) },
  UL: { size: 4, write: (b, v, o) => b.writeUInt32LE(v, o) },
  SL: { size: 4, write: (b, v, o) => b.writeInt32LE(v, o) },
  FL: { size: 4, write: (b, v, o) => b.writeFloatLE(v, o) },
  FD: { size: 8, write: (b, v, o) => b.writeDoubleLE(v, o) },
  AT: { size: 4, write: (b, v, o) => (b.writeUInt16LE(v >>> 16, o), b.writeUInt16LE(v & 0xffff, o + 2)) },
};

/** UIDs and binary values pad with NUL, text with a space, to an even length (PS3.5 6.2). */
function pad(bytes: Buffer, vr: string): Buffer {
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from([vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20])]);
}

function isItems(value: DicomValue): value is readonly DicomDataSet[] {
  return Array.isArray(value) && (value.length === 0 || Array.isArray(value[0]));
}

function encodeValue(attr: DicomAttribute, explicit: boolean): Buffer {
  const { vr, value } = attr;
  if (vr === 'SQ') {
    if (!isItems(value)) throw new Error(`sequence ${attr.tag.toString(16)} needs items`);
    return Buffer.concat(value.map((item) => element(T.Item, 'SQ_ITEM', encodeDataSet(item, explicit), explicit)));
  }
  if (value instanceof Uint8Array) return pad(Buffer.from(value.buffer, value.byteOffset, value.byteLength), vr);
  const binary = BINARY[vr];
  if (binary) {
    const numbers = value as readonly number[];
    const out = Buffer.alloc(numbers.length * binary.size);
    numbers.forEach((n, i) => binary.write(out, n, i * binary.size));
    return out;
  }
  const parts = typeof value === 'string' ? [value] : (value as readonly (string | number)[]).map(String);
  return pad(Buffer.from(parts.join('\\'), 'utf8'), vr);
}

function header(tag: number, vr: string, length: number, explicit: boolean): Buffer {
  if (vr === 'SQ_ITEM') {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(tag >>> 16, 0);
    b.writeUInt16LE(tag & 0xffff, 2);
    b.writeUInt32LE(length, 4);
    return b;
  }
  if (!explicit) return header(tag, 'SQ_ITEM', length, false);
  const long = LONG_VRS.has(vr);
  const b = Buffer.alloc(long ? 12 : 8);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  b.write(vr, 4, 'latin1');
  if (long) b.writeUInt32LE(length, 8);
  else if (length > 0xffff) throw new Error(`value of ${tag.toString(16)} too long for VR ${vr}`);
  else b.writeUInt16LE(length, 6);
  return b;
}

function element(tag: number, vr: string, value: Buffer, explicit: boolean): Buffer {
  return Buffer.concat([header(tag, vr, value.length, explicit), value]);
}

/** Encapsulated pixel data: undefined length, an empty offset table, one item per fragment. */
function encapsulated(attr: DicomAttribute, fragments: readonly Uint8Array[], explicit: boolean): Buffer {
  const h = header(attr.tag, attr.vr, 0xffffffff, explicit);
  const items = [Buffer.alloc(0), ...fragments.map((f) => pad(Buffer.from(f), 'OB'))].map((f) => element(T.Item, 'SQ_ITEM', f, explicit));
  const end = Buffer.alloc(8);
  end.writeUInt16LE(0xfffe, 0);
  end.writeUInt16LE(0xe0dd, 2);
  return Buffer.concat([h, ...items, end]);
}

/** A data set in Explicit (or Implicit) VR Little Endian, attributes sorted by tag, every length defined. */
export function encodeDataSet(dataSet: DicomDataSet, explicit = true): Buffer {
  const sorted = [...dataSet].sort((a, b) => a.tag - b.tag);
  return Buffer.concat(
    sorted.map((attr) => {
      const v = attr.value;
      if (typeof v === 'object' && v !== null && 'fragments' in v) return encapsulated(attr, v.fragments, explicit);
      return element(attr.tag, attr.vr, encodeValue(attr, explicit), explicit);
    }),
  );
}

export interface Part10Options {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** How the data set after the meta group is laid out; must agree with the transfer syntax. */
  encoding?: 'explicit' | 'implicit' | 'deflated';
  /** Replaces the 128-byte preamble and `DICM` (tests of damaged files). */
  preamble?: Buffer;
}

/** A DICOM Part 10 file: preamble, `DICM`, file meta information with its group length, then the data set. */
export function encodePart10(dataSet: DicomDataSet, options: Part10Options): Buffer {
  const meta = encodeDataSet([
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.from([0, 1]) },
    { tag: T.MediaStorageSOPClassUID, vr: 'UI', value: options.sopClassUid },
    { tag: T.MediaStorageSOPInstanceUID, vr: 'UI', value: options.sopInstanceUid },
    { tag: T.TransferSyntaxUID, vr: 'UI', value: options.transferSyntaxUid },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    { tag: 0x00020013, vr: 'SH', value: IMPLEMENTATION_VERSION },
  ]);
  const groupLength = encodeDataSet([{ tag: 0x00020000, vr: 'UL', value: [meta.length] }]);
  const encoding = options.encoding ?? 'explicit';
  const body = encodeDataSet(dataSet, encoding !== 'implicit');
  const preamble = options.preamble ?? Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1')]);
  return Buffer.concat([preamble, groupLength, meta, encoding === 'deflated' ? deflateRawSync(body) : body]);
}
