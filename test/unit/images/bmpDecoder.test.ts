import { describe, expect, it } from 'vitest';
import { BmpError, decodeBmp, readBmpHeader } from '../../../electron/core/images/bmpDecoder.js';
import { encodeBmp } from './bmpFixture.js';

const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];

function rgb(bytes: Uint8Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < bytes.length; i += 3) out.push([bytes[i]!, bytes[i + 1]!, bytes[i + 2]!]);
  return out;
}

function errorOf(fn: () => unknown): BmpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BmpError) return error;
    throw error;
  }
  throw new Error('expected a BmpError');
}

describe('BMP decoder', () => {
  it('reads a bottom-up 24-bit BMP with padded rows in top-to-bottom RGB order', () => {
    // 3 pixels × 3 bytes = 9 bytes per row, padded to 12.
    const bmp = encodeBmp({ width: 3, height: 2, bitsPerPixel: 24, pixels: [...RED, ...GREEN, ...BLUE, ...WHITE, ...RED, ...GREEN] });
    const decoded = decodeBmp(bmp);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([3, 2, 3]);
    expect(rgb(decoded.data)).toEqual([RED, GREEN, BLUE, WHITE, RED, GREEN]);
  });

  it('reads a top-down BMP (negative height) in the same order', () => {
    const bmp = encodeBmp({ width: 2, height: 2, bitsPerPixel: 24, topDown: true, pixels: [...RED, ...GREEN, ...BLUE, ...WHITE] });
    expect(readBmpHeader(bmp).topDown).toBe(true);
    expect(rgb(decodeBmp(bmp).data)).toEqual([RED, GREEN, BLUE, WHITE]);
  });

  it('maps 8-bit, 4-bit and 1-bit palette indices to their colours', () => {
    const palette: Array<[number, number, number]> = [
      [10, 20, 30],
      [200, 100, 50],
    ];
    for (const bitsPerPixel of [1, 4, 8] as const) {
      const bmp = encodeBmp({ width: 5, height: 2, bitsPerPixel, palette, pixels: [0, 1, 1, 0, 1, 1, 0, 0, 1, 0] });
      const colours = rgb(decodeBmp(bmp).data).map((c) => (c[0] === 10 ? 0 : 1));
      expect(colours, `${bitsPerPixel}-bit`).toEqual([0, 1, 1, 0, 1, 1, 0, 0, 1, 0]);
    }
  });

  it('reads 32-bit BGRX pixels and ignores the fourth byte', () => {
    const bmp = encodeBmp({ width: 2, height: 1, bitsPerPixel: 32, pixels: [0xff112233, 0x00445566] });
    expect(rgb(decodeBmp(bmp).data)).toEqual([
      [0x11, 0x22, 0x33],
      [0x44, 0x55, 0x66],
    ]);
  });

  it('scales 16-bit 5-5-5 pixels and 5-6-5 bit-field pixels to 8 bits per channel', () => {
    const x555 = encodeBmp({ width: 2, height: 1, bitsPerPixel: 16, pixels: [0x7c00, 0x001f] });
    expect(rgb(decodeBmp(x555).data)).toEqual([RED, BLUE]);
    const x565 = encodeBmp({ width: 2, height: 1, bitsPerPixel: 16, masks: [0xf800, 0x07e0, 0x001f], pixels: [0x07e0, 0xffff] });
    expect(rgb(decodeBmp(x565).data)).toEqual([GREEN, WHITE]);
  });

  it('reads the old OS/2 header with 3-byte palette entries', () => {
    const bmp = encodeBmp({ width: 2, height: 1, bitsPerPixel: 8, headerSize: 12, palette: [[1, 2, 3], [4, 5, 6]], pixels: [1, 0] });
    expect(rgb(decodeBmp(bmp).data)).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
  });

  it('refuses RLE compression as an unsupported variant, with its name', () => {
    const bmp = encodeBmp({ width: 2, height: 1, bitsPerPixel: 8, compression: 1, palette: [[0, 0, 0]], pixels: [0, 0] });
    const error = errorOf(() => readBmpHeader(bmp));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toBe('BMP variant not supported (RLE8-compressed)');
  });

  it('reports a truncated pixel array as corrupt, and a header alone is still readable', () => {
    const bmp = encodeBmp({ width: 4, height: 4, bitsPerPixel: 24, pixels: new Array(48).fill(7) });
    const cut = bmp.subarray(0, bmp.length - 10);
    expect(readBmpHeader(cut)).toMatchObject({ width: 4, height: 4 });
    const error = errorOf(() => decodeBmp(cut));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/truncated/);
  });

  it('reads the size of a huge BMP from its header without touching pixels', () => {
    const bmp = encodeBmp({ width: 1, height: 1, bitsPerPixel: 24, pixels: [0, 0, 0] });
    bmp.writeInt32LE(40_000, 18);
    bmp.writeInt32LE(30_000, 22);
    expect(readBmpHeader(bmp)).toMatchObject({ width: 40_000, height: 30_000 });
  });
});
