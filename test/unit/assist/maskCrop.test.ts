import { describe, expect, it } from 'vitest';
import { cropFromMask, maskFromCrop, PREVIEW_MAX_PIXELS, previewScale, runsFromCrop, sampledCrop } from '../../../shared/assist/maskCrop.js';
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
    expect(read).toEqual({ rect, scale: 1, runs: Uint32Array.of(0, 2, 5, 1), inside: 3 });
    expect(runsFromCrop({ x: 0, y: 0, width: 300, height: 1, runs: runs(0x82, 0x01, 0xaa, 0x01) }).runs).toEqual(Uint32Array.of(130, 170));
  });

  it('scales a preview down only above full HD, by the least cell side that fits', () => {
    expect(previewScale(1920, 1080)).toBe(1);
    expect(previewScale(1921, 1080)).toBe(2);
    expect(previewScale(4000, 3000)).toBe(3);
    expect(Math.ceil(4000 / 3) * Math.ceil(3000 / 3)).toBeLessThanOrEqual(PREVIEW_MAX_PIXELS);
  });

  it('cuts samples of the whole image by cells to their box, as a crop whose cells are those samples', () => {
    // A 7 × 5 image in cells of 2 × 2: 4 × 3 samples; ones at samples (1, 1), (3, 1), (2, 2), so the box is x 1–3, y 1–2.
    const samples = new Uint8Array(4 * 3);
    for (const [x, y] of [[1, 1], [3, 1], [2, 2]] as const) samples[y * 4 + x] = 1;
    const crop = sampledCrop(samples, { width: 7, height: 5 }, { x: 1, y: 1, width: 3, height: 2 }, 2);
    // Pixels x 2–7 clipped to the image's 7 columns, y 2–5 clipped to its 5 rows.
    const rect = { x: 2, y: 2, width: 5, height: 3 };
    expect(crop).toMatchObject({ ...rect, scale: 2 });
    const read = runsFromCrop(crop);
    expect([...read.runs]).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(read.inside).toBe(3 * 4);
    const whole = maskFromCrop(crop);
    expect(whole.rect).toEqual(rect);
    expect([...whole.bits]).toEqual([1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0]);
  });

  it('cuts a whole mask to its box at scale 1, with no scale on the crop', () => {
    const full = Uint8Array.of(0, 0, 0, 0, 1, 1, 0, 0, 1);
    expect(sampledCrop(full, { width: 3, height: 3 }, { x: 1, y: 1, width: 2, height: 2 }, 1)).toEqual({ x: 1, y: 1, width: 2, height: 2, runs: runs(0, 2, 1, 1) });
  });

  it('refuses runs that are not base64 varints adding up to the crop', () => {
    expect(() => maskFromCrop({ ...rect, runs: runs(1, 2, 2) })).toThrow(/add up to 5 pixels, not its 4×2/);
    expect(() => maskFromCrop({ ...rect, runs: runs(1, 2, 2, 9) })).toThrow(RangeError);
    expect(() => maskFromCrop({ ...rect, runs: runs(1, 0x87) })).toThrow(RangeError);
    expect(() => maskFromCrop({ ...rect, runs: '1,2,2,3' })).toThrow(/not base64/);
    // At scale 2 a 4 × 2 crop has 2 × 1 cells.
    expect(() => maskFromCrop({ ...rect, scale: 2, runs: runs(1, 2) })).toThrow(/do not add up to its 2×1 cells/);
  });
});
