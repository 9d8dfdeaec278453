import { describe, expect, it } from 'vitest';
import { cropFromMask, maskFromCrop, runsFromCrop } from '../../../shared/assist/maskCrop.js';
import { bytesToBase64 } from '../../../shared/encoding/base64.js';

const rect = { x: 3, y: 4, width: 4, height: 2 };
const runs = (...bytes: number[]) => bytesToBase64(Uint8Array.from(bytes));

describe('mask crops as run lengths', () => {
  it('writes alternate outside and inside runs row after row, starting outside', () => {
    const bits = Uint8Array.of(0, 1, 1, 0, 0, 1, 1, 1);
    expect(cropFromMask({ rect, bits })).toEqual({ ...rect, runs: runs(1, 2, 2, 3) });
  });

  it('starts with an empty outside run when the first pixel is inside, and gives one run for a blank mask', () => {
    expect(cropFromMask({ rect, bits: Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 1) }).runs).toBe(runs(0, 2, 5, 1));
    expect(cropFromMask({ rect, bits: new Uint8Array(8) }).runs).toBe(runs(8));
  });

  it('writes a run of 128 or more as a varint of seven bits a byte, low bits first', () => {
    const bits = new Uint8Array(300).fill(1, 130);
    // 130 = 0b1_0000010 → 0x82 0x01; 170 = 0b1_0101010 → 0xaa 0x01.
    expect(cropFromMask({ rect: { x: 0, y: 0, width: 300, height: 1 }, bits }).runs).toBe(runs(0x82, 0x01, 0xaa, 0x01));
  });

  it('reads back what it wrote, fragmented or in long runs', () => {
    const fragmented = Uint8Array.from({ length: 37 * 11 }, (_, i) => ((i * 7919) % 13 < 5 ? 1 : 0));
    const crop = cropFromMask({ rect: { x: 0, y: 0, width: 37, height: 11 }, bits: fragmented });
    expect(maskFromCrop(crop)).toEqual({ rect: { x: 0, y: 0, width: 37, height: 11 }, bits: fragmented });
    const blob = new Uint8Array(2000 * 900).fill(1, 20_000, 1_700_000);
    const back = maskFromCrop(cropFromMask({ rect: { x: 0, y: 0, width: 2000, height: 900 }, bits: blob })).bits;
    expect(back.length).toBe(blob.length);
    expect(back.findIndex((v, i) => v !== blob[i])).toBe(-1);
  });

  it('reads the runs themselves, and counts the pixels inside', () => {
    const read = runsFromCrop({ ...rect, runs: runs(0, 2, 5, 1) });
    expect(read).toEqual({ rect, runs: Uint32Array.of(0, 2, 5, 1), inside: 3 });
    expect(runsFromCrop({ x: 0, y: 0, width: 300, height: 1, runs: runs(0x82, 0x01, 0xaa, 0x01) }).runs).toEqual(Uint32Array.of(130, 170));
  });

  it('refuses runs that are not base64 varints adding up to the crop', () => {
    expect(() => maskFromCrop({ ...rect, runs: runs(1, 2, 2) })).toThrow(/add up to 5 pixels, not its 4×2/);
    expect(() => maskFromCrop({ ...rect, runs: runs(1, 2, 2, 9) })).toThrow(RangeError);
    expect(() => maskFromCrop({ ...rect, runs: runs(1, 0x87) })).toThrow(RangeError);
    expect(() => maskFromCrop({ ...rect, runs: '1,2,2,3' })).toThrow(/not base64/);
  });
});
