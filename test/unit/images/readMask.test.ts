import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { readMaskPng } from '../../../electron/core/images/readMask.js';
import { deflateLabelMap, inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { ImportFailureError } from '../../../electron/core/images/importFailure.js';

function failure(fn: () => unknown): ImportFailureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportFailureError) return error;
    throw error;
  }
  throw new Error('expected an ImportFailureError');
}

const palette = (n: number) => Array.from({ length: n }, (_, i): [number, number, number] => [255 - i, i, 0]);

describe('readMaskPng', () => {
  it('returns palette indices, not colours, for an indexed mask', () => {
    const labels = new Uint8Array([0, 1, 2, 255, 3, 0]);
    const png = encodePng({ width: 3, height: 2, data: labels, depth: 8, channels: 1, palette: palette(256) });
    expect([...readMaskPng(png, { width: 3, height: 2 })]).toEqual([0, 1, 2, 255, 3, 0]);
  });

  it('unpacks 4-bit and 2-bit indexed rows, which are packed and byte-padded', () => {
    // 3 pixels × 4 bits: row bytes 0x12 0x30; 3 × 2 bits: row byte 0b01_10_11_00.
    const four = encodePng({ width: 3, height: 1, data: new Uint8Array([0x12, 0x30]), depth: 4, channels: 1, palette: palette(16) });
    expect([...readMaskPng(four, { width: 3, height: 1 })]).toEqual([1, 2, 3]);
    const two = encodePng({ width: 3, height: 2, data: new Uint8Array([0b01101100, 0b11100100]), depth: 2, channels: 1, palette: palette(4) });
    expect([...readMaskPng(two, { width: 3, height: 2 })]).toEqual([1, 2, 3, 3, 2, 1]);
  });

  it('reads a single-channel 8-bit mask as class ids', () => {
    const png = encodePng({ width: 2, height: 2, data: new Uint8Array([7, 8, 9, 255]), depth: 8, channels: 1 });
    expect([...readMaskPng(png, { width: 2, height: 2 })]).toEqual([7, 8, 9, 255]);
  });

  it('refuses colour, grey+alpha and 16-bit masks, and a size other than the image', () => {
    const rgb = encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3]), depth: 8, channels: 3 });
    expect(failure(() => readMaskPng(rgb, { width: 1, height: 1 })).code).toBe('mask_invalid');
    const greyAlpha = encodePng({ width: 1, height: 1, data: new Uint8Array([1, 255]), depth: 8, channels: 2 });
    expect(failure(() => readMaskPng(greyAlpha, { width: 1, height: 1 })).reason).toMatch(/^The mask is a grey image with alpha/);
    const deep = encodePng({ width: 1, height: 1, data: new Uint16Array([300]), depth: 16, channels: 1 });
    expect(failure(() => readMaskPng(deep, { width: 1, height: 1 })).reason).toMatch(/16-bit/);
    const small = encodePng({ width: 2, height: 1, data: new Uint8Array([0, 0]), depth: 8, channels: 1 });
    expect(failure(() => readMaskPng(small, { width: 1, height: 2 }))).toMatchObject({ code: 'mask_size', reason: 'The mask is 2×1 but the image is 1×2 (after EXIF orientation); they must match.' });
  });

  it('refuses a PNG with a bad checksum', () => {
    const png = Buffer.from(encodePng({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 }));
    const idat = png.indexOf('IDAT');
    const crcAt = idat + 4 + png.readUInt32BE(idat - 4);
    png[crcAt] = png[crcAt]! ^ 0xff;
    expect(failure(() => readMaskPng(png, { width: 2, height: 2 })).reason).toMatch(/^The mask is not a readable PNG \(CRC mismatch/);
  });
});

describe('mask blobs', () => {
  it('round-trip class ids through zlib and check the size', () => {
    const labels = new Uint8Array([0, 1, 2, 255, 4, 5]);
    const blob = deflateLabelMap(labels);
    expect([...inflateLabelMap(blob, 3, 2, 'mask')]).toEqual([...labels]);
    expect(() => inflateLabelMap(blob, 4, 2, 'mask')).toThrow('The mask holds 6 pixels; the image is 4×2 (8).');
  });
});
