import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { T } from '../../../electron/core/images/dicom/dicomTags.js';
import { openDicomFile } from '../../../electron/core/images/dicom/readDicomFile.js';
import { renderFrame, storedValues } from '../../../electron/core/images/dicom/pixelPipeline.js';
import { ImportFailureError } from '../../../electron/core/images/importFailure.js';
import { DEFLATED, EXPLICIT, IMPLICIT, RLE, makeDicom, rleFrame } from './dicomCorpus.js';
import { scratchDicomFiles } from './scratchDicomFiles.js';

const scratch = scratchDicomFiles('faultline-dicom-');
const file = scratch.write;

async function frames(path: string): Promise<number[][]> {
  const f = await openDicomFile(path);
  try {
    const out: number[][] = [];
    for (let i = 0; i < f.info.pixel.frames; i++) {
      const { bytes, pixel } = await f.readFrame(i);
      out.push([...storedValues(bytes, pixel)]);
    }
    return out;
  } finally {
    await f.close();
  }
}

async function refusal(bytes: Uint8Array): Promise<ImportFailureError> {
  try {
    const f = await openDicomFile(file(bytes));
    await f.close();
  } catch (error) {
    if (error instanceof ImportFailureError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

const CT = { rows: 2, columns: 2, values: [0, 1000, 1064, 4095], bitsStored: 12, rescale: { slope: 1, intercept: -1024 } };

describe('DICOM file reading', () => {
  it.each([
    ['Explicit VR Little Endian', EXPLICIT],
    ['Implicit VR Little Endian', IMPLICIT],
    ['Deflated Explicit VR Little Endian', DEFLATED],
  ])('reads %s: pixel module, rescale, windows and stored values', async (_name, syntax) => {
    const path = file(makeDicom({ ...CT, syntax, windows: [{ center: 40, width: 400, name: 'SOFT' }, { center: 500, width: 2000, name: 'BONE' }] }));
    const f = await openDicomFile(path);
    expect(f.info.pixel).toMatchObject({ rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 12, frames: 1, photometric: 'MONOCHROME2' });
    expect(f.info.modality).toEqual({ kind: 'rescale', slope: 1, intercept: -1024 });
    expect(f.info.windows).toEqual([
      { center: 40, width: 400, function: 'LINEAR', name: 'SOFT' },
      { center: 500, width: 2000, function: 'LINEAR', name: 'BONE' },
    ]);
    expect(f.info.attributes.find((a) => a.tag === T.PatientName)?.value).toBe('Doe^Jane');
    await f.close();
    expect(await frames(path)).toEqual([[0, 1000, 1064, 4095]]);
  });

  it('reads signed 16-bit values and every frame of a multi-frame file, one at a time', async () => {
    const values = [-1024, -1, 0, 3071, 5, 6, 7, 8, -32768, 32767, 1, 2];
    expect(await frames(file(makeDicom({ rows: 2, columns: 2, frames: 3, values, signed: true })))).toEqual([values.slice(0, 4), values.slice(4, 8), values.slice(8)]);
  });

  it('reads 8-bit grey and 8-bit RGB', async () => {
    expect(await frames(file(makeDicom({ rows: 1, columns: 3, values: [0, 128, 255], bitsAllocated: 8 })))).toEqual([[0, 128, 255]]);
    const f = await openDicomFile(file(makeDicom({ rows: 1, columns: 2, values: [255, 0, 0, 0, 0, 255], bitsAllocated: 8, samplesPerPixel: 3, photometric: 'RGB' })));
    const { bytes, pixel } = await f.readFrame(0);
    expect([...renderFrame(bytes, pixel, f.info.modality, f.info.windows).data]).toEqual([255, 0, 0, 0, 0, 255]);
    await f.close();
  });

  it('reads a Modality LUT Sequence in place of rescale', async () => {
    const lut = Buffer.alloc(8);
    [-1000, -500, 0, 500].forEach((v, i) => lut.writeUInt16LE(v & 0xffff, 2 * i));
    const f = await openDicomFile(
      file(
        makeDicom({
          rows: 1,
          columns: 2,
          values: [0, 3],
          extra: [
            {
              tag: T.ModalityLUTSequence,
              vr: 'SQ',
              value: [
                [
                  { tag: T.LUTDescriptor, vr: 'US', value: [4, 0, 16] },
                  { tag: T.ModalityLUTType, vr: 'LO', value: 'HU' },
                  { tag: T.LUTData, vr: 'OW', value: lut },
                ],
              ],
            },
          ],
        }),
      ),
    );
    expect(f.info.modality).toEqual({ kind: 'lut', firstMapped: 0, data: [64536, 65036, 0, 500] });
    await f.close();
  });

  it('decodes RLE Lossless frames (16-bit, multi-frame)', async () => {
    const a = [0, 256, 1000, 65535];
    const b = [1, 2, 3, 4];
    const path = file(makeDicom({ rows: 2, columns: 2, frames: 2, values: [], syntax: RLE, pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments: [rleFrame(a, 16), rleFrame(b, 16)] } } }));
    expect(await frames(path)).toEqual([a, b]);
  });

  it('decodes JPEG Baseline frames', async () => {
    const jpeg = await sharp(Buffer.from([10, 10, 10, 10, 200, 200, 200, 200, 10, 10, 10, 10, 200, 200, 200, 200]), { raw: { width: 4, height: 4, channels: 1 } })
      .toColourspace('b-w')
      .jpeg({ quality: 100 })
      .toBuffer();
    const path = file(makeDicom({ rows: 4, columns: 4, values: [], bitsAllocated: 8, syntax: '1.2.840.10008.1.2.4.50', pixelData: { tag: T.PixelData, vr: 'OB', value: { fragments: [jpeg] } } }));
    const [pixels] = await frames(path);
    expect(pixels!.slice(0, 4).every((v) => Math.abs(v - 10) <= 3)).toBe(true);
    expect(pixels!.slice(4, 8).every((v) => Math.abs(v - 200) <= 3)).toBe(true);
  });
});

describe('bad DICOM input', () => {
  it('refuses a file without DICM after the preamble', async () => {
    const bytes = makeDicom(CT);
    bytes.write('XXXX', 128, 'latin1');
    expect((await refusal(bytes)).reason).toMatch(/no 'DICM' after the 128-byte preamble/);
  });

  it('names an unsupported transfer syntax', async () => {
    const e = await refusal(makeDicom({ ...CT, syntax: '1.2.840.10008.1.2.2' }));
    expect(e.code).toBe('unsupported');
    expect(e.reason).toContain('Explicit VR Big Endian (retired) (1.2.840.10008.1.2.2)');
  });

  it('refuses a file truncated inside its pixel data, saying how much is there', async () => {
    const bytes = makeDicom({ rows: 2, columns: 2, frames: 3, values: new Array(12).fill(1) });
    const e = await refusal(bytes.subarray(0, bytes.length - 10));
    expect(e.code).toBe('corrupt');
    expect(e.reason).toMatch(/says it has 3 frames of 2×2, but its pixel data holds 1 /);
  });

  it('refuses a Number of Frames larger than the pixel data', async () => {
    const e = await refusal(makeDicom({ rows: 2, columns: 2, frames: 5, values: new Array(8).fill(1) }));
    expect(e.reason).toMatch(/says it has 5 frames .* holds 2 /);
  });

  it('refuses a file truncated inside its header', async () => {
    const bytes = makeDicom(CT);
    const e = await refusal(bytes.subarray(0, 300));
    expect(e.code).toBe('corrupt');
    expect(e.reason).toMatch(/damaged or truncated/);
  });

  it('refuses a DICOM file with no pixel data', async () => {
    const e = await refusal(makeDicom({ ...CT, pixelData: { tag: T.StudyID, vr: 'SH', value: 'S1' } }));
    expect(e.reason).toMatch(/holds no image/);
  });

  it('refuses an unsupported photometric interpretation by name', async () => {
    const e = await refusal(makeDicom({ ...CT, photometric: 'PALETTE COLOR' }));
    expect(e.reason).toContain('PALETTE COLOR');
  });
});
