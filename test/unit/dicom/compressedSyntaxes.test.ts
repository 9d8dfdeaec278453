import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T } from '../../../electron/core/images/dicom/dicomTags.js';
import { openDicomFile } from '../../../electron/core/images/dicom/readDicomFile.js';
import { renderFrame, storedValues } from '../../../electron/core/images/dicom/pixelPipeline.js';
import { ImportFailureError } from '../../../electron/core/images/importFailure.js';
import { writeFile } from '../images/imageCorpus.js';
import { failures, storedImages, workspace } from '../images/importHelpers.js';
import { makeDicom, type SyntheticImage } from './dicomCorpus.js';
import { scratchDicomFiles } from './scratchDicomFiles.js';

const scratch = scratchDicomFiles('faultline-codecs-');
const file = scratch.write;

/** A DCMTK converter (dcmcjpeg, dcmcjpls) run on an uncompressed file: the encoder a hospital's PACS would use. */
function dcmtk(tool: string, args: string[], source: Buffer): string {
  const input = file(source);
  const output = scratch.nextPath();
  execFileSync(tool, [...args, input, output]);
  return output;
}

interface Decoded {
  stored: number[][];
  shown: number[][];
}

async function decoded(path: string): Promise<Decoded> {
  const f = await openDicomFile(path);
  try {
    const out: Decoded = { stored: [], shown: [] };
    for (let i = 0; i < f.info.pixel.frames; i++) {
      const { bytes, pixel } = await f.readFrame(i);
      out.stored.push(pixel.photometric.startsWith('MONO') ? [...storedValues(bytes, pixel)] : [...bytes]);
      out.shown.push([...renderFrame(bytes, pixel, f.info.modality, f.info.windows).data]);
    }
    return out;
  } finally {
    await f.close();
  }
}

/** Values spread over the whole stored range with fine detail, so that any loss shows. */
function ramp(count: number, min: number, max: number): number[] {
  return Array.from({ length: count }, (_, i) => min + ((i * 7919 + (i % 13) * 331) % (max - min + 1)));
}

// 7×5 (odd sizes catch row and padding slips), two frames each.
const SIZE = { rows: 5, columns: 7, frames: 2 };
const PIXELS = SIZE.rows * SIZE.columns;
const IMAGES: Record<string, SyntheticImage> = {
  'signed 12-bit CT with rescale and window': {
    ...SIZE,
    values: ramp(2 * PIXELS, -2048, 2047),
    bitsStored: 12,
    signed: true,
    rescale: { slope: 1, intercept: -1024 },
    windows: [{ center: 40, width: 400 }],
  },
  'unsigned 16-bit': { ...SIZE, values: ramp(2 * PIXELS, 0, 65535) },
  'signed 16-bit': { ...SIZE, values: ramp(2 * PIXELS, -32768, 32767), signed: true },
  '8-bit grey': { ...SIZE, values: ramp(2 * PIXELS, 0, 255), bitsAllocated: 8 },
  '8-bit RGB': { ...SIZE, values: ramp(2 * PIXELS * 3, 0, 255), bitsAllocated: 8, samplesPerPixel: 3, photometric: 'RGB' },
};

/** What the uncompressed original decodes to: the reference every lossless syntax must equal. */
async function original(img: SyntheticImage): Promise<Decoded> {
  return decoded(file(makeDicom(img)));
}

function maxError(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((frame, f) => frame.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[f]![i]!)))));
  return worst;
}

const require = createRequire(import.meta.url);

/** An Emscripten codec module of the cornerstone packages, with its .wasm found beside its loader. */
async function wasmModule<M>(entry: string): Promise<M> {
  const path = require.resolve(entry);
  const factory = require(path) as (o: object) => Promise<M>;
  const silent = (): void => undefined;
  return factory({ locateFile: (f: string) => join(dirname(path), f), print: silent, printErr: silent });
}

interface J2kEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  setDecompositions(levels: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** The raw bytes of the frames of an image, as the uncompressed file holds them. */
function frameBytes(img: SyntheticImage, frame: number): Uint8Array {
  const bits = img.bitsAllocated ?? 16;
  const per = img.rows * img.columns * (img.samplesPerPixel ?? 1);
  const values = img.values.slice(frame * per, (frame + 1) * per);
  const out = Buffer.alloc(per * (bits / 8));
  values.forEach((v, i) => (bits === 8 ? (out[i] = v & 0xff) : out.writeInt16LE(((v & 0xffff) << 16) >> 16, 2 * i)));
  return out;
}

/**
 * A JPEG 2000 (OpenJPEG) or HTJ2K (OpenJPH) encoded file of an image, one codestream per frame.
 * Colour goes through the reversible (lossless) or irreversible colour transform and says so in
 * its photometric interpretation, as PS3.5 A.4.4 asks.
 */
async function j2kFile(img: SyntheticImage, syntax: string, ht: boolean, lossless: boolean): Promise<string> {
  const codec = ht
    ? await wasmModule<{ HTJ2KEncoder: new () => J2kEncoder }>('@cornerstonejs/codec-openjph/wasmjs')
    : await wasmModule<{ J2KEncoder: new () => J2kEncoder }>('@cornerstonejs/codec-openjpeg/wasmjs');
  const colour = img.samplesPerPixel === 3;
  const fragments: Uint8Array[] = [];
  for (let f = 0; f < (img.frames ?? 1); f++) {
    const encoder = 'HTJ2KEncoder' in codec ? new codec.HTJ2KEncoder() : new codec.J2KEncoder();
    const bits = img.bitsStored ?? img.bitsAllocated ?? 16;
    const buffer = encoder.getDecodedBuffer({ width: img.columns, height: img.rows, bitsPerSample: bits, componentCount: img.samplesPerPixel ?? 1, isSigned: img.signed ?? false, isUsingColorTransform: colour });
    buffer.set(frameBytes(img, f));
    encoder.setDecompositions(2);
    encoder.setQuality(lossless, lossless ? 0 : LOSSY_STEP);
    encoder.encode();
    fragments.push(encoder.getEncodedBuffer().slice());
    encoder.delete();
  }
  const photometric = colour ? (lossless ? 'YBR_RCT' : 'YBR_ICT') : img.photometric;
  return file(makeDicom({ ...img, photometric, values: [], syntax, pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments } } }));
}

/** The JPEG 2000 quantisation step of the lossy tests, and the error it is held to (in stored values). */
const LOSSY_STEP = 0.002;
const LOSSY_MAX_ERROR = 0.01;

interface JpegLsEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number }): Uint8Array;
  setNearLossless(near: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** A JPEG-LS file encoded by CharLS, samples masked to bits stored as an encoder of signed data does. */
async function jpegLsFile(img: SyntheticImage, near: number): Promise<string> {
  const charls = await wasmModule<{ JpegLSEncoder: new () => JpegLsEncoder }>('@cornerstonejs/codec-charls/wasmjs');
  const bits = img.bitsStored ?? img.bitsAllocated ?? 16;
  const masked = { ...img, values: img.values.map((v) => v & ((1 << bits) - 1)) };
  const fragments: Uint8Array[] = [];
  for (let f = 0; f < (img.frames ?? 1); f++) {
    const encoder = new charls.JpegLSEncoder();
    encoder.getDecodedBuffer({ width: img.columns, height: img.rows, bitsPerSample: bits, componentCount: img.samplesPerPixel ?? 1 }).set(frameBytes(masked, f));
    encoder.setNearLossless(near);
    encoder.encode();
    fragments.push(encoder.getEncodedBuffer().slice());
    encoder.delete();
  }
  const syntax = near === 0 ? '1.2.840.10008.1.2.4.80' : '1.2.840.10008.1.2.4.81';
  return file(makeDicom({ ...img, values: [], syntax, pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments } } }));
}

/** Signed images: DCMTK's JPEG-LS encoder refuses them for near-lossless, CharLS encodes them. */
const isSigned = ([, img]: [string, SyntheticImage]): boolean => img.signed === true;

describe('compressed transfer syntaxes decode to the uncompressed original', () => {
  describe.each(Object.entries(IMAGES))('%s', (_name, img) => {
    it.each([
      ['JPEG Lossless (Process 14, predictor 6)', ['+el', '+sv', '6']],
      ['JPEG Lossless SV1', ['+e1']],
      ['JPEG-LS Lossless', ['+el']],
    ])('%s, encoded by DCMTK, equals the original exactly', async (syntax, args) => {
      const tool = syntax.startsWith('JPEG-LS') ? 'dcmcjpls' : 'dcmcjpeg';
      const expected = await original(img);
      const got = await decoded(dcmtk(tool, args, makeDicom(img)));
      expect(got.stored).toEqual(expected.stored);
      expect(got.shown).toEqual(expected.shown);
    });

    it('JPEG-LS Lossless, encoded by CharLS, equals the original exactly', async () => {
      expect((await decoded(await jpegLsFile(img, 0))).stored).toEqual((await original(img)).stored);
    });

    it('JPEG-LS Near-Lossless (NEAR 2), encoded by CharLS, is within 2 of the original and not equal to it', async () => {
      const expected = await original(img);
      const got = await decoded(await jpegLsFile(img, 2));
      expect(maxError(got.stored, expected.stored)).toBeLessThanOrEqual(2);
      expect(maxError(got.stored, expected.stored)).toBeGreaterThan(0);
    });

    it.each([
      ['JPEG 2000 Lossless', '1.2.840.10008.1.2.4.90', false],
      ['HTJ2K Lossless', '1.2.840.10008.1.2.4.201', true],
      ['HTJ2K Lossless RPCL', '1.2.840.10008.1.2.4.202', true],
    ])('%s, encoded by OpenJPEG/OpenJPH, equals the original exactly', async (_s, syntax, ht) => {
      const expected = await original(img);
      const got = await decoded(await j2kFile(img, syntax, ht, true));
      expect(got.stored).toEqual(expected.stored);
      expect(got.shown).toEqual(expected.shown);
    });

    it(`JPEG 2000 (lossy), encoded by OpenJPEG, is within ${LOSSY_MAX_ERROR * 100}% of the stored range of the original`, async () => {
      const expected = await original(img);
      const got = await decoded(await j2kFile(img, '1.2.840.10008.1.2.4.91', false, false));
      const range = 2 ** (img.bitsStored ?? img.bitsAllocated ?? 16);
      expect(maxError(got.stored, expected.stored)).toBeLessThanOrEqual(Math.ceil(range * LOSSY_MAX_ERROR));
    });
  });

  it.each(Object.entries(IMAGES).filter((e) => !isSigned(e)))('JPEG-LS Near-Lossless (NEAR 2) of %s, encoded by DCMTK, is within 2 of the original', async (_name, img) => {
    const expected = await original(img);
    const got = await decoded(dcmtk('dcmcjpls', ['+en', '+md', '2'], makeDicom(img)));
    expect(maxError(got.stored, expected.stored)).toBeLessThanOrEqual(2);
  });
});

async function frameRefusal(path: string): Promise<ImportFailureError> {
  const f = await openDicomFile(path);
  try {
    for (let i = 0; i < f.info.pixel.frames; i++) await f.readFrame(i);
  } catch (error) {
    if (error instanceof ImportFailureError) return error;
    throw error;
  } finally {
    await f.close();
  }
  throw new Error('every frame decoded');
}

async function openRefusal(path: string): Promise<ImportFailureError> {
  try {
    await (await openDicomFile(path)).close();
  } catch (error) {
    if (error instanceof ImportFailureError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

/** The compressed fragments of a DICOM file made here (one per frame), read back from the file. */
function fragmentsOf(path: string): Buffer[] {
  const bytes = readFileSync(path);
  const pixelData = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  const out: Buffer[] = [];
  let pos = pixelData + 12;
  while (bytes.readUInt16LE(pos + 2) === 0xe000) {
    const length = bytes.readUInt32LE(pos + 4);
    out.push(bytes.subarray(pos + 8, pos + 8 + length));
    pos += 8 + length;
  }
  return out.slice(1);
}

describe('JPEG Lossless predictors', () => {
  // Flat regions end the stream with short codes right at the end marker, where the decoder once
  // dropped the last sample.
  const size = 48;
  const disc: SyntheticImage = {
    rows: size,
    columns: size,
    values: Array.from({ length: size * size }, (_, i) => (Math.hypot((i % size) - 24, Math.floor(i / size) - 24) < 13 ? 0 : -1000)),
    bitsStored: 12,
    signed: true,
  };

  it.each([1, 2, 3, 4, 5, 6, 7])('predictor %i of a flat disc, encoded by DCMTK, equals the original to the last sample', async (sv) => {
    const got = await decoded(dcmtk('dcmcjpeg', ['+el', '+sv', String(sv)], makeDicom(disc)));
    expect(got.stored).toEqual((await original(disc)).stored);
  });
});

describe('colour layouts', () => {
  it.each([
    ['not interleaved (planes)', '+in'],
    ['line-interleaved', '+il'],
    ['sample-interleaved', '+is'],
  ])('JPEG-LS RGB %s, encoded by DCMTK, renders as the original', async (_how, mode) => {
    const img = IMAGES['8-bit RGB']!;
    const expected = await original(img);
    expect((await decoded(dcmtk('dcmcjpls', ['+el', mode], makeDicom(img)))).shown).toEqual(expected.shown);
  });
});

describe('JPEG Extended', () => {
  it('decodes 8-bit Process 2 frames encoded by DCMTK within the JPEG quantisation error', async () => {
    const img = IMAGES['8-bit grey']!;
    const expected = await original(img);
    const got = await decoded(dcmtk('dcmcjpeg', ['+ee', '+q', '100'], makeDicom(img)));
    expect(maxError(got.stored, expected.stored)).toBeLessThanOrEqual(8);
  });

  it('refuses 12-bit Process 4 frames by name before reading any frame', async () => {
    const e = await openRefusal(dcmtk('dcmcjpeg', ['+ee'], makeDicom(IMAGES['signed 12-bit CT with rescale and window']!)));
    expect(e.code).toBe('unsupported');
    expect(e.reason).toContain('JPEG Extended (Process 2 & 4) frames have 12-bit samples');
  });
});

describe('damaged compressed frames', () => {
  const img = IMAGES['signed 12-bit CT with rescale and window']!;
  const truncated = (fragments: Buffer[]): Buffer[] => [fragments[0]!, fragments[1]!.subarray(0, fragments[1]!.length - 9)];

  it.each([
    ['JPEG Lossless SV1', '1.2.840.10008.1.2.4.70', () => dcmtk('dcmcjpeg', ['+e1'], makeDicom(img))],
    ['JPEG-LS Lossless', '1.2.840.10008.1.2.4.80', () => dcmtk('dcmcjpls', ['+el'], makeDicom(img))],
    ['JPEG 2000 Lossless', '1.2.840.10008.1.2.4.90', () => j2kFile(img, '1.2.840.10008.1.2.4.90', false, true)],
    ['HTJ2K Lossless', '1.2.840.10008.1.2.4.201', () => j2kFile(img, '1.2.840.10008.1.2.4.201', true, true)],
  ])('a truncated %s fragment (the item length kept consistent) is refused when the file is opened, with the syntax and frame named', async (name, syntax, encode) => {
    const fragments = truncated(fragmentsOf(await encode()));
    const e = await openRefusal(file(makeDicom({ ...img, values: [], syntax, pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments } } })));
    expect(e.code).toBe('corrupt');
    expect(e.reason).toBe(`A ${name} frame of the DICOM file cannot be decoded (frame 2's codestream has no end marker); the file is damaged or truncated.`);
  });

  it('a JPEG-LS frame whose size differs from the header is refused before decoding, saying both sizes', async () => {
    const path = dcmtk('dcmcjpls', ['+el'], makeDicom(img));
    const e = await frameRefusal(file(makeDicom({ ...img, columns: 6, values: [], syntax: '1.2.840.10008.1.2.4.80', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments: fragmentsOf(path) } } })));
    expect(e.reason).toContain('the codestream is 7×5 with 1 samples per pixel, the header says 6×5 with 1');
  });

  it('a JPEG 2000 codestream declaring a huge image is refused from its header, before the decoder allocates for it', async () => {
    const [first, second] = fragmentsOf(await j2kFile(img, '1.2.840.10008.1.2.4.90', false, true));
    const huge = Buffer.from(first!);
    huge.writeUInt32BE(60000, 8); // Xsiz
    huge.writeUInt32BE(60000, 12); // Ysiz
    const e = await frameRefusal(file(makeDicom({ ...img, values: [], syntax: '1.2.840.10008.1.2.4.90', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments: [huge, second!] } } })));
    expect(e.reason).toContain('the codestream is 60000×60000 with 1 samples per pixel, the header says 7×5 with 1');
  });

  it('garbage in a JPEG 2000 fragment is refused, not returned as an image', async () => {
    const fragments = [Buffer.from([0xff, 0x4f, 0xff, 0x51, 0, 0, 1, 2, 3, 4, 0xff, 0xd9])];
    const e = await frameRefusal(file(makeDicom({ ...img, frames: 1, values: [], syntax: '1.2.840.10008.1.2.4.90', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments } } })));
    expect(e.code).toBe('corrupt');
    expect(e.reason).toMatch(/^A JPEG 2000 Lossless frame of the DICOM file cannot be decoded/);
  });
});

describe('importing a folder of compressed DICOM', () => {
  it('imports every frame of the files that decode and refuses the one with a truncated fragment, naming its syntax', async () => {
    const ws = workspace();
    try {
      const img = IMAGES['signed 12-bit CT with rescale and window']!;
      const series = { studyUid: '1.2.826.0.1.3680043.2.1143.90', seriesUid: '1.2.826.0.1.3680043.2.1143.91' };
      const sop = (k: number) => ({ ...series, sopInstanceUid: `1.2.826.0.1.3680043.2.1143.92.${k}` });
      writeFile(ws.source, 'CT/IM1', readFileSync(dcmtk('dcmcjpls', ['+el'], makeDicom({ ...img, ...sop(1) }))));
      writeFile(ws.source, 'CT/IM2', readFileSync(await j2kFile({ ...img, ...sop(2) }, '1.2.840.10008.1.2.4.201', true, true)));
      writeFile(ws.source, 'CT/IM3', readFileSync(dcmtk('dcmcjpeg', ['+e1'], makeDicom({ ...img, ...sop(3) }))));
      const cut = fragmentsOf(await j2kFile({ ...img, ...sop(4) }, '1.2.840.10008.1.2.4.90', false, true));
      cut[1] = cut[1]!.subarray(0, cut[1]!.length - 9);
      writeFile(ws.source, 'CT/IM4', makeDicom({ ...img, ...sop(4), values: [], syntax: '1.2.840.10008.1.2.4.90', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments: cut } } }));

      const summary = await ws.run();

      expect(summary).toMatchObject({ state: 'done', found: 4, failed: 1 });
      // IM4 is refused whole: its first frame, which is intact, is not stored either.
      expect(storedImages(ws.project)).toHaveLength(6);
      expect(failures(ws.project).get('image:CT/IM4')).toMatchObject({ code: 'corrupt', reason: expect.stringContaining('A JPEG 2000 Lossless frame of the DICOM file cannot be decoded') });
    } finally {
      ws.cleanup();
    }
  });
});

describe('frames split into several fragments', () => {
  // 64×64 noisy 16-bit frames compress to several KiB, so 1 KiB fragments split each one.
  const img: SyntheticImage = { rows: 64, columns: 64, frames: 3, values: ramp(3 * 64 * 64, 0, 65535) };

  it.each([
    ['with a Basic Offset Table', ['+fs', '1']],
    ['without one (frames found by their start markers)', ['+fs', '1', '-ot']],
  ])('JPEG-LS frames in 1 KiB fragments %s, encoded by DCMTK, equal the original', async (_how, args) => {
    const path = dcmtk('dcmcjpls', ['+el', ...args], makeDicom(img));
    expect(fragmentsOf(path).length).toBeGreaterThan(2 * 3);
    expect((await decoded(path)).stored).toEqual((await original(img)).stored);
  });

  it('JPEG Lossless frames in 1 KiB fragments, encoded by DCMTK, equal the original', async () => {
    const path = dcmtk('dcmcjpeg', ['+e1', '+fs', '1', '-ot'], makeDicom(img));
    expect((await decoded(path)).stored).toEqual((await original(img)).stored);
  });

  it('a file with more frames than its fragments hold codestreams is refused, saying so', async () => {
    const path = dcmtk('dcmcjpls', ['+el', '+fs', '1', '-ot'], makeDicom(img));
    const fragments = fragmentsOf(path);
    const e = await openRefusal(file(makeDicom({ ...img, frames: 4, values: [], syntax: '1.2.840.10008.1.2.4.80', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments } } })));
    expect(e.reason).toBe(`The DICOM file says it has 4 frames, but its ${fragments.length} compressed fragments hold 3 codestreams.`);
  });
});
