import { describe, expect, it } from 'vitest';
import {
  modalityValues,
  renderFrame,
  rgbFrame,
  storedValues,
  type PixelModule,
} from '../../../electron/core/images/dicom/pixelPipeline.js';

const mono = (over: Partial<PixelModule> = {}): PixelModule => ({
  rows: 1,
  columns: 4,
  samplesPerPixel: 1,
  photometric: 'MONOCHROME2',
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 0,
  planarConfiguration: 0,
  frames: 1,
  ...over,
});

const u16 = (...values: number[]) => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v & 0xffff, 2 * i));
  return b;
};

describe('DICOM pixel pipeline', () => {
  it('sign-extends 12-bit signed values stored in 16 bits and ignores bits above the high bit', () => {
    // 0xF800 in the unused top nibble must not leak in; 0x800 is -2048 in 12-bit two's complement.
    const frame = u16(0xf800, 0x0800, 0x07ff, 0x0fff);
    const v = storedValues(frame, mono({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 }));
    expect([...v]).toEqual([-2048, -2048, 2047, -1]);
  });

  it('reads unsigned 12-bit values with a high bit below bits allocated', () => {
    expect([...storedValues(u16(0x0fff, 0x1001), mono({ columns: 2, bitsStored: 12, highBit: 11 }))]).toEqual([4095, 1]);
  });

  it('applies rescale slope and intercept (CT Hounsfield units)', () => {
    const stored = Int32Array.from([0, 1000, 1024, 2048]);
    expect([...modalityValues(stored, { kind: 'rescale', slope: 1, intercept: -1024 })]).toEqual([-1024, -24, 0, 1024]);
    expect([...modalityValues(stored, { kind: 'rescale', slope: 0.5, intercept: 10 })]).toEqual([10, 510, 522, 1034]);
  });

  it('maps through a modality LUT, clamping below the first and above the last entry', () => {
    const lut = { kind: 'lut' as const, firstMapped: 10, data: [100, 200, 300] };
    expect([...modalityValues(Int32Array.from([5, 10, 11, 12, 99]), lut)]).toEqual([100, 100, 200, 300, 300]);
  });

  it('renders MONOCHROME2 dark-to-bright and MONOCHROME1 inverted, through the first window', () => {
    const frame = u16(0, 1024, 1064, 2048);
    const modality = { kind: 'rescale' as const, slope: 1, intercept: -1024 };
    const windows = [{ center: 40, width: 80, function: 'LINEAR_EXACT' as const }];
    const m2 = renderFrame(frame, mono(), modality, windows);
    expect(m2.channels).toBe(1);
    expect([...m2.data]).toEqual([0, 0, 128, 255]);
    const m1 = renderFrame(frame, mono({ photometric: 'MONOCHROME1' }), modality, windows);
    expect([...m1.data]).toEqual([255, 255, 128, 0]);
  });

  it('uses the full range of the frame when the file has no window', () => {
    const r = renderFrame(u16(100, 200, 300, 500), mono(), { kind: 'rescale', slope: 1, intercept: 0 }, []);
    expect([...r.data]).toEqual([0, 64, 128, 255]);
    expect(r.window).toMatchObject({ center: 300, width: 400 });
  });

  it('reads RGB interleaved and planar, and converts YBR_FULL and YBR_FULL_422 to RGB', () => {
    const pm = mono({ columns: 2, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometric: 'RGB' });
    expect([...rgbFrame(Uint8Array.from([1, 2, 3, 4, 5, 6]), pm)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...rgbFrame(Uint8Array.from([1, 4, 2, 5, 3, 6]), { ...pm, planarConfiguration: 1 })]).toEqual([1, 2, 3, 4, 5, 6]);
    // Neutral chroma (128) leaves grey; pure red in YBR_FULL is Y=76, Cb=85, Cr=255.
    expect([...rgbFrame(Uint8Array.from([200, 128, 128, 76, 85, 255]), { ...pm, photometric: 'YBR_FULL' })]).toEqual([200, 200, 200, 254, 0, 0]);
    expect([...rgbFrame(Uint8Array.from([10, 250, 128, 128]), { ...pm, photometric: 'YBR_FULL_422' })]).toEqual([10, 10, 10, 250, 250, 250]);
  });
});
