import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ImportFailureError } from '../importFailure.js';
import { checkEndMarker, END_MARKER_SLACK } from './codecs/decodedSamples.js';
import { decodeFrame } from './codecs/decodeFrame.js';
import { jpegFrameHeader } from './codecs/codestreamSize.js';
import { dicomImageInfo, type DicomImageInfo } from './dicomImage.js';
import { NeedMoreBytes, parseDicomHeader, type DicomHeader } from './parseDicom.js';
import { frameBytes, type PixelModule } from './pixelPipeline.js';
import type { CompressedCodec } from './transferSyntaxes.js';

/** The first read; doubled while the header goes on, up to the cap. */
const FIRST_READ = 256 * 1024;
/** Bounds what is read before the pixel data; a deflated file is read whole (it has no random access). */
const MAX_HEADER_BYTES = 256 * 1024 ** 2;
/** Where a JPEG stream's frame header is looked for: its tables come first and take a few KiB. */
const JPEG_HEADER_BYTES = 64 * 1024;

export interface DicomFile {
  header: DicomHeader;
  info: DicomImageInfo;
  size: number;
  /** Frame `index` (0-based) in the native layout the pixel module describes. */
  readFrame(index: number): Promise<{ bytes: Uint8Array; pixel: PixelModule }>;
  close(): Promise<void>;
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  return bytesRead === length ? buf : buf.subarray(0, bytesRead);
}

async function readHeader(fh: FileHandle, size: number): Promise<DicomHeader> {
  let length = Math.min(size, FIRST_READ);
  while (true) {
    const complete = length >= size;
    try {
      return parseDicomHeader(await readAt(fh, 0, length), complete);
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      if (length >= MAX_HEADER_BYTES) {
        throw new ImportFailureError('too_large', `The DICOM header (or deflated data set) is over ${MAX_HEADER_BYTES / 1024 ** 2} MiB; it is not imported.`);
      }
      length = Math.min(size, length * 2, MAX_HEADER_BYTES);
    }
  }
}

interface Fragment {
  offset: number;
  length: number;
}

/** More fragments than this is a damaged or hostile file (real files have one, or a few, per frame). */
const MAX_FRAGMENTS = 1_000_000;

/** The items of encapsulated pixel data, found by reading 8-byte item headers only. */
async function readFragments(fh: FileHandle, start: number, size: number): Promise<Fragment[]> {
  const fragments: Fragment[] = [];
  let pos = start;
  while (pos + 8 <= size) {
    if (fragments.length > MAX_FRAGMENTS) throw new ImportFailureError('corrupt', `The DICOM file's pixel data is split into more than ${MAX_FRAGMENTS} fragments.`);
    const h = await readAt(fh, pos, 8);
    const group = h.readUInt16LE(0);
    const element = h.readUInt16LE(2);
    if (group === 0xfffe && element === 0xe0dd) return fragments;
    if (group !== 0xfffe || element !== 0xe000) throw new ImportFailureError('corrupt', `The DICOM file's encapsulated pixel data has no item at byte ${pos}.`);
    const length = h.readUInt32LE(4);
    if (pos + 8 + length > size) break;
    fragments.push({ offset: pos + 8, length });
    pos += 8 + length;
  }
  throw new ImportFailureError('corrupt', 'The DICOM file is truncated inside its encapsulated pixel data.');
}

/** The first bytes of a JPEG (and JPEG-LS) stream, SOI, and of a JPEG 2000 codestream, SOC. */
const FRAME_STARTS = [0xffd8, 0xff4f];

/**
 * Which fragments make each frame (PS3.5 A.4): all of them for a single frame; one each when
 * there are as many as frames; else by the Basic Offset Table, whose offsets count from the first
 * fragment's item; else, for the JPEG family, a new frame at each fragment that opens a codestream.
 */
async function framesOf(fh: FileHandle, fragments: Fragment[], frames: number, codec: CompressedCodec): Promise<Fragment[][]> {
  const [table, ...data] = fragments;
  if (frames === 1) return [data];
  if (data.length === frames) return data.map((f) => [f]);
  const mismatch = (how: string): ImportFailureError =>
    new ImportFailureError('corrupt', `The DICOM file says it has ${frames} frames, but its ${data.length} compressed fragments ${how}.`);
  if (data.length < frames) throw mismatch('cannot hold them');
  const item = (f: Fragment): number => f.offset - data[0]!.offset;
  if (table && table.length === 4 * frames) {
    const offsets = await readAt(fh, table.offset, table.length);
    const starts = Array.from({ length: frames }, (_, i) => offsets.readUInt32LE(4 * i));
    const grouped = starts.map((start, i) => data.filter((f) => item(f) >= start && (i + 1 === frames || item(f) < starts[i + 1]!)));
    if (grouped.some((g, i) => g.length === 0 || item(g[0]!) !== starts[i])) throw mismatch('do not start where its Basic Offset Table says');
    return grouped;
  }
  if (codec === 'rle') throw mismatch('are not one per frame, as RLE requires');
  const grouped: Fragment[][] = [];
  for (const f of data) {
    const head = f.length >= 2 ? (await readAt(fh, f.offset, 2)).readUInt16BE(0) : -1;
    if (FRAME_STARTS.includes(head) || grouped.length === 0) grouped.push([f]);
    else grouped.at(-1)!.push(f);
  }
  if (grouped.length !== frames) throw mismatch(`hold ${grouped.length} codestreams`);
  return grouped;
}

/**
 * A frame whose codestream was cut short is found when the file is opened, by the last bytes of
 * each frame, so a damaged file is refused whole rather than after some of its frames were stored.
 * RLE has no end marker.
 */
async function checkFrameEnds(fh: FileHandle, frames: Fragment[][], syntax: string): Promise<void> {
  for (const [i, parts] of frames.entries()) {
    const last = parts.at(-1);
    if (!last) throw new ImportFailureError('corrupt', `Frame ${i + 1} of the DICOM file has no compressed data.`);
    const tail = Math.min(last.length, END_MARKER_SLACK);
    checkEndMarker(await readAt(fh, last.offset + last.length - tail, tail), syntax, i + 1);
  }
}

/** A JPEG Extended file is refused before any frame when its first frame has 12-bit samples. */
async function checkJpegPrecision(fh: FileHandle, first: Fragment | undefined, syntax: string): Promise<void> {
  if (!first) return;
  const precision = jpegFrameHeader(await readAt(fh, first.offset, Math.min(first.length, JPEG_HEADER_BYTES)))?.precision ?? null;
  if (precision !== null && precision > 8) {
    throw new ImportFailureError('unsupported', `The DICOM file's ${syntax} frames have ${precision}-bit samples, which Faultline cannot decode; export the series uncompressed or as JPEG Lossless, JPEG-LS or JPEG 2000.`);
  }
}

/**
 * Opens a DICOM file for import: the header is parsed from the first bytes only, and frames are
 * read one at a time from their offsets, so memory holds one frame whatever the file's size. A
 * pixel data element shorter than its frames is refused before any frame is read.
 */
export async function openDicomFile(path: string): Promise<DicomFile> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const header = await readHeader(fh, size);
    const info = dicomImageInfo(header);
    const pm = info.pixel;
    const location = header.pixelData!;
    const codec = header.transferSyntax.codec;
    let readFrame: DicomFile['readFrame'];
    if (location.kind === 'native') {
      if (codec !== 'none') throw new ImportFailureError('corrupt', `The DICOM file's transfer syntax is ${header.transferSyntax.name} but its pixel data is not encapsulated.`);
      const perFrame = frameBytes(pm);
      const available = header.transferSyntax.deflated ? header.bytes.length - location.offset : size - location.offset;
      const held = Math.min(location.length, available);
      if (held < perFrame * pm.frames) {
        const whole = Math.floor(held / perFrame);
        throw new ImportFailureError(
          'corrupt',
          `The DICOM file says it has ${pm.frames} frame${pm.frames === 1 ? '' : 's'} of ${pm.columns}×${pm.rows}, but its pixel data holds ${whole === pm.frames ? 'less' : whole} (${held} of ${perFrame * pm.frames} bytes): it is truncated or its Number of Frames is wrong.`,
        );
      }
      readFrame = async (i) => {
        const offset = location.offset + i * perFrame;
        const bytes = header.transferSyntax.deflated ? header.bytes.subarray(offset, offset + perFrame) : await readAt(fh, offset, perFrame);
        return { bytes, pixel: pm };
      };
    } else {
      const syntax = header.transferSyntax;
      if (syntax.codec === 'none' || syntax.codec === 'unsupported') throw new ImportFailureError('corrupt', `The DICOM file's pixel data is encapsulated but its transfer syntax (${syntax.name}) is not a compressed one.`);
      const compressed = { ...syntax, codec: syntax.codec };
      const frames = await framesOf(fh, await readFragments(fh, location.offset, size), pm.frames, compressed.codec);
      if (compressed.codec !== 'rle') await checkFrameEnds(fh, frames, syntax.name);
      if (compressed.codec === 'jpeg-extended') await checkJpegPrecision(fh, frames[0]?.[0], syntax.name);
      readFrame = async (i) => {
        const parts = await Promise.all(frames[i]!.map((f) => readAt(fh, f.offset, f.length)));
        return decodeFrame(Buffer.concat(parts), pm, compressed);
      };
    }
    return { header, info, size, readFrame, close: () => fh.close() };
  } catch (error) {
    await fh.close();
    throw error;
  }
}

/** sha256 of a file, streamed (a DICOM file may be far larger than memory should hold). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
