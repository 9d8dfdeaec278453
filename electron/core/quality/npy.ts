import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { FaultlineError } from '../../../shared/contract/errors.js';

/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0): little-endian, C order, integer, bool, float32 and
 * float64 dtypes. Whole-file read and write, and a reader that reads rows of the first axis at file
 * offsets, so a large (N, K, H, W) array can be streamed a batch at a time.
 */

export type NpyDtype = 'b1' | 'i1' | 'u1' | 'i2' | 'u2' | 'i4' | 'u4' | 'i8' | 'u8' | 'f4' | 'f8';

export type NpyData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export interface NpyHeader {
  readonly version: 1 | 2 | 3;
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  /** Byte offset of the first element. */
  readonly dataOffset: number;
}

export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ITEM_SIZE: Record<NpyDtype, number> = { b1: 1, i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8, f4: 4, f8: 8 };
export const INTEGER_DTYPES: readonly NpyDtype[] = ['i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8'];

function bad(message: string): FaultlineError {
  return new FaultlineError('invalid_input', message);
}

export function itemSize(dtype: NpyDtype): number {
  return ITEM_SIZE[dtype];
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** An empty typed array of the dtype's element type. */
export function allocate(dtype: NpyDtype, length: number): NpyData {
  switch (dtype) {
    case 'b1':
    case 'u1':
      return new Uint8Array(length);
    case 'i1':
      return new Int8Array(length);
    case 'i2':
      return new Int16Array(length);
    case 'u2':
      return new Uint16Array(length);
    case 'i4':
      return new Int32Array(length);
    case 'u4':
      return new Uint32Array(length);
    case 'i8':
      return new BigInt64Array(length);
    case 'u8':
      return new BigUint64Array(length);
    case 'f4':
      return new Float32Array(length);
    case 'f8':
      return new Float64Array(length);
  }
}

function parseDescr(descr: string, name: string): NpyDtype {
  const match = /^([<>|=]?)([biuf])(\d+)$/.exec(descr);
  const dtype = match === null ? undefined : (`${match[2]}${match[3]}` as NpyDtype);
  if (match === null || dtype === undefined || !(dtype in ITEM_SIZE)) {
    throw bad(`${name} holds dtype '${descr}', which is not supported (integers, bool, float32 and float64 are)`);
  }
  if (match[1] === '>' && ITEM_SIZE[dtype] > 1) throw bad(`${name} is big-endian ('${descr}'); save it as little-endian first`);
  return dtype;
}

/** Parses the header at the start of `bytes` (at least the first 12 bytes plus the header text). */
export function parseNpyHeader(bytes: Uint8Array, name = 'the file'): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) throw bad(`${name} is not a NumPy .npy file (it lacks the \\x93NUMPY signature)`);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw bad(`${name} uses .npy format version ${major}.${minor}; versions 1.0, 2.0 and 3.0 are supported`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw bad(`${name} is truncated inside its .npy header`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < prefix + headerLength) throw bad(`${name} is truncated inside its .npy header`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(prefix, prefix + headerLength));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (/['"]descr['"]\s*:\s*\[/.test(text)) throw bad(`${name} holds a structured dtype, which is not supported (integers, bool, float32 and float64 are)`);
  if (descr === null || fortran === null || shape === null) throw bad(`${name} has a damaged .npy header (${JSON.stringify(text.trim())})`);
  if (fortran[1] === 'True') throw bad(`${name} is stored in Fortran order; save it in C order (numpy.ascontiguousarray) first`);
  const dims = shape[1]!
    .split(',')
    .map((part) => part.trim().replace(/L$/, ''))
    .filter((part) => part !== '');
  if (dims.some((dim) => !/^\d+$/.test(dim))) throw bad(`${name} has a damaged .npy header (shape ${shape[0]})`);
  return { version: major, dtype: parseDescr(descr[1]!, name), shape: dims.map(Number), dataOffset: prefix + headerLength };
}

/** The header bytes for an array (version 1.0 unless the header needs more room), padded to 64 bytes. */
export function encodeNpyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const descr = dtype === 'b1' || dtype === 'u1' || dtype === 'i1' ? `|${dtype}` : `<${dtype}`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape.length === 0 ? '()' : formatShape(shape)}, }`;
  let version = 1;
  let prefix = 10;
  let padded = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  if (padded > 0xffff) {
    version = 2;
    prefix = 12;
    padded = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  }
  const bytes = new Uint8Array(prefix + padded);
  bytes.set(MAGIC);
  bytes[6] = version;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, padded, true);
  else view.setUint32(8, padded, true);
  const text = dict.padEnd(padded - 1, ' ') + '\n';
  for (let i = 0; i < text.length; i++) bytes[prefix + i] = text.charCodeAt(i);
  return bytes;
}

function checkDataLength(header: NpyHeader, fileSize: number, name: string): void {
  const expected = elementCount(header.shape) * itemSize(header.dtype);
  const actual = fileSize - header.dataOffset;
  if (actual < expected) throw bad(`${name} is truncated: its header promises ${expected} bytes of data but the file holds ${actual}`);
  if (actual > expected) throw bad(`${name} has ${actual - expected} unexpected bytes after its ${expected} bytes of data`);
}

function checkData(dtype: NpyDtype, shape: readonly number[], data: NpyData): void {
  const expected = allocate(dtype, 0).constructor as new (length: number) => NpyData;
  if (!(data instanceof expected)) throw bad(`data for dtype ${dtype} must be a ${expected.name}, got a ${data.constructor.name}`);
  if (data.length !== elementCount(shape)) throw bad(`shape ${formatShape(shape)} needs ${elementCount(shape)} elements, got ${data.length}`);
}

/** The bytes of a whole .npy file. */
export function encodeNpy(array: NpyArray): Uint8Array {
  checkData(array.dtype, array.shape, array.data);
  const header = encodeNpyHeader(array.dtype, array.shape);
  const out = new Uint8Array(header.length + array.data.byteLength);
  out.set(header);
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), header.length);
  return out;
}

/** Decodes the bytes of a whole .npy file. */
export function decodeNpy(bytes: Uint8Array, name = 'the file'): NpyArray {
  const header = parseNpyHeader(bytes, name);
  checkDataLength(header, bytes.length, name);
  const data = allocate(header.dtype, elementCount(header.shape));
  new Uint8Array(data.buffer).set(bytes.subarray(header.dataOffset, header.dataOffset + data.byteLength));
  return { dtype: header.dtype, shape: header.shape, data };
}

export function readNpy(file: string): NpyArray {
  const reader = NpyReader.open(file);
  try {
    return { dtype: reader.header.dtype, shape: reader.header.shape, data: reader.readRows(0, reader.rows) };
  } finally {
    reader.close();
  }
}

export function writeNpy(file: string, array: NpyArray): void {
  checkData(array.dtype, array.shape, array.data);
  const writer = NpyWriter.create(file, array.dtype, array.shape);
  try {
    writer.append(array.data);
  } finally {
    writer.close();
  }
}

function readFully(fd: number, target: Uint8Array, position: number, name: string): void {
  let done = 0;
  while (done < target.length) {
    const read = readSync(fd, target, done, Math.min(target.length - done, 1 << 30), position + done);
    if (read === 0) throw bad(`${name} ended early while reading its data`);
    done += read;
  }
}

/**
 * Reads rows of the first axis at file offsets: `readRows(start, count)` returns elements
 * [start·rowLength, (start+count)·rowLength) without reading the rest of the file.
 */
export class NpyReader {
  readonly header: NpyHeader;
  readonly name: string;
  /** Length of the first axis (1 for a 0-d array). */
  readonly rows: number;
  /** Elements per row: the product of the other axes. */
  readonly rowLength: number;
  private fd: number | null;

  private constructor(fd: number, header: NpyHeader, name: string) {
    this.fd = fd;
    this.header = header;
    this.name = name;
    this.rows = header.shape.length === 0 ? 1 : header.shape[0]!;
    this.rowLength = elementCount(header.shape.slice(1));
  }

  static open(file: string): NpyReader {
    const name = path.basename(file);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      throw bad(`cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    try {
      const size = fstatSync(fd).size;
      const head = new Uint8Array(Math.min(size, 12));
      readFully(fd, head, 0, name);
      const prefix = head.length >= 8 && head[6] !== 1 ? 12 : 10;
      const declared = head.length < prefix ? 0 : head[6] === 1 ? head[8]! | (head[9]! << 8) : new DataView(head.buffer).getUint32(8, true);
      const headerBytes = new Uint8Array(Math.min(size, prefix + declared));
      readFully(fd, headerBytes, 0, name);
      const header = parseNpyHeader(headerBytes, name);
      checkDataLength(header, size, name);
      return new NpyReader(fd, header, name);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Rows [start, start + count); into `out` (reused) when given and long enough. */
  readRows(start: number, count: number, out?: NpyData): NpyData {
    if (this.fd === null) throw new FaultlineError('internal', `${this.name} is closed`);
    if (start < 0 || count < 0 || start + count > this.rows) throw bad(`rows ${start}..${start + count} are outside the ${this.rows} rows of ${this.name}`);
    const length = count * this.rowLength;
    const data = out !== undefined && out.length >= length ? out.subarray(0, length) : allocate(this.header.dtype, length);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    readFully(this.fd, bytes, this.header.dataOffset + start * this.rowLength * itemSize(this.header.dtype), this.name);
    return data;
  }

  /**
   * Batches of at most `batchSize` rows over [start, end). With `reuse` every batch is read into the same
   * buffer, so a consumer must finish with one batch before asking for the next.
   */
  *rowBatches(start: number, end: number, batchSize: number, reuse = false): Generator<NpyData> {
    let buffer: NpyData | undefined;
    for (let row = start; row < end; row += batchSize) {
      const batch = this.readRows(row, Math.min(batchSize, end - row), buffer);
      if (reuse && buffer === undefined) buffer = batch;
      yield batch;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Writes a header then the data in appended chunks, so a large array never has to be whole in memory. */
export class NpyWriter {
  private fd: number | null;
  private written = 0;
  private readonly expected: number;
  private readonly dtype: NpyDtype;
  private readonly file: string;

  private constructor(fd: number, file: string, dtype: NpyDtype, shape: readonly number[]) {
    this.fd = fd;
    this.file = file;
    this.dtype = dtype;
    this.expected = elementCount(shape);
  }

  static create(file: string, dtype: NpyDtype, shape: readonly number[]): NpyWriter {
    if (shape.some((dim) => !Number.isInteger(dim) || dim < 0)) throw bad(`shape ${formatShape(shape)} must hold non-negative integers`);
    let fd: number;
    try {
      fd = openSync(file, 'w');
    } catch (error) {
      throw new FaultlineError('not_writable', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const header = encodeNpyHeader(dtype, shape);
    writeSync(fd, header);
    return new NpyWriter(fd, file, dtype, shape);
  }

  append(data: NpyData): void {
    if (this.fd === null) throw new FaultlineError('internal', `${this.file} is closed`);
    checkData(this.dtype, [data.length], data);
    if (this.written + data.length > this.expected) throw bad(`${this.file} would get more than the ${this.expected} elements of its shape`);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.written += data.length;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
    if (this.written !== this.expected) throw new FaultlineError('internal', `${this.file} got ${this.written} of its ${this.expected} elements`);
  }
}
