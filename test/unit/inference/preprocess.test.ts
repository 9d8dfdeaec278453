import sharp, { type Sharp } from 'sharp';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeForModel } from '../../../electron/core/inference/decodeImage.js';
import { writeInputTensor, type InputEncoding } from '../../../electron/core/inference/inputTensor.js';
import { planResize } from '../../../electron/core/inference/resizePlan.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const plain: InputEncoding = { channelOrder: 'RGB', layout: 'NCHW', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], padColour: [7, 8, 9] };
/** Two pixels: (10, 20, 30) then (40, 50, 60). */
const twoPixels = Uint8Array.from([10, 20, 30, 40, 50, 60]);

function tensor(rgb: Uint8Array, srcW: number, srcH: number, inW: number, inH: number, policy: 'stretch' | 'letterbox' | 'crop', enc: InputEncoding = plain): number[] {
  const plan = planResize(srcW, srcH, inW, inH, policy);
  const out = new Float32Array(3 * inW * inH);
  writeInputTensor(rgb, plan, enc, out, 0);
  return Array.from(out);
}

describe('resize plan', () => {
  it('stretches to the input size whatever the aspect ratio', () => {
    expect(planResize(4, 2, 8, 8, 'stretch')).toMatchObject({ scaledW: 8, scaledH: 8, offsetX: 0, offsetY: 0 });
  });

  it('letterboxes: fits inside keeping the aspect ratio, centred', () => {
    expect(planResize(4, 2, 4, 4, 'letterbox')).toMatchObject({ scaledW: 4, scaledH: 2, offsetX: 0, offsetY: 1 });
    expect(planResize(8, 2, 4, 4, 'letterbox')).toMatchObject({ scaledW: 4, scaledH: 1, offsetX: 0, offsetY: 1 });
  });

  it('crops: covers the input keeping the aspect ratio, centre kept', () => {
    expect(planResize(4, 2, 2, 2, 'crop')).toMatchObject({ scaledW: 4, scaledH: 2, offsetX: -1, offsetY: 0 });
    expect(planResize(2, 4, 4, 4, 'crop')).toMatchObject({ scaledW: 4, scaledH: 8, offsetX: 0, offsetY: -2 });
  });
});

describe('input tensor', () => {
  it('writes NCHW planes in RGB order', () => {
    expect(tensor(twoPixels, 2, 1, 2, 1, 'stretch')).toEqual([10, 40, 20, 50, 30, 60]);
  });

  it('swaps to BGR', () => {
    expect(tensor(twoPixels, 2, 1, 2, 1, 'stretch', { ...plain, channelOrder: 'BGR' })).toEqual([30, 60, 20, 50, 10, 40]);
  });

  it('interleaves channels for NHWC', () => {
    expect(tensor(twoPixels, 2, 1, 2, 1, 'stretch', { ...plain, layout: 'NHWC' })).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('normalises as (pixel·scale − mean) / std per tensor channel', () => {
    const enc: InputEncoding = { ...plain, scale: 0.5, mean: [1, 2, 3], std: [2, 4, 0.5] };
    // R: (10·0.5 − 1)/2 = 2, (40·0.5 − 1)/2 = 9.5; G: (10 − 2)/4 = 2, (25 − 2)/4 = 5.75; B: (15 − 3)/0.5 = 24, (30 − 3)/0.5 = 54
    expect(tensor(twoPixels, 2, 1, 2, 1, 'stretch', enc)).toEqual([2, 9.5, 2, 5.75, 24, 54]);
  });

  it('pads letterbox rows with the pad colour, in the tensor channel order', () => {
    // 2×1 into 2×3: the image lands in row 1; rows 0 and 2 are padding.
    expect(tensor(twoPixels, 2, 1, 2, 3, 'letterbox')).toEqual([7, 7, 10, 40, 7, 7, 8, 8, 20, 50, 8, 8, 9, 9, 30, 60, 9, 9]);
    expect(tensor(twoPixels, 2, 1, 2, 3, 'letterbox', { ...plain, channelOrder: 'BGR' }).slice(0, 2)).toEqual([9, 9]);
  });

  it('keeps the centre columns under crop', () => {
    const four = Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(tensor(four, 4, 1, 2, 1, 'crop')).toEqual([2, 3, 2, 3, 2, 3]);
  });

  it('fills the requested slot of a batch and leaves the others', () => {
    const plan = planResize(2, 1, 2, 1, 'stretch');
    const out = new Float32Array(12);
    writeInputTensor(twoPixels, plan, plain, out, 1);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0, 10, 40, 20, 50, 30, 60]);
  });
});

describe('image decoding for a model', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  const pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40];

  async function png(name: string, image: Sharp): Promise<string> {
    const path = join(temp.dir, name);
    writeFileSync(path, await image.png().toBuffer());
    return path;
  }

  it('decodes 8-bit RGB unchanged when the size already fits', async () => {
    const path = await png('plain.png', sharp(Buffer.from(pixels), { raw: { width: 4, height: 2, channels: 3 } }));
    const decoded = await decodeForModel(path, { width: 4, height: 2, resize: 'stretch' });
    expect(Array.from(decoded.rgb)).toEqual(pixels);
    expect(decoded.plan).toMatchObject({ srcW: 4, srcH: 2 });
  });

  it('applies the EXIF orientation before planning the resize', async () => {
    const path = await png('rotated.png', sharp(Buffer.from(pixels), { raw: { width: 4, height: 2, channels: 3 } }).withMetadata({ orientation: 6 }));
    const decoded = await decodeForModel(path, { width: 2, height: 4, resize: 'stretch' });
    expect(decoded.plan).toMatchObject({ srcW: 2, srcH: 4 });
    // Rotated 90° clockwise: the first row is (bottom-left, top-left) of the stored image.
    expect(Array.from(decoded.rgb.subarray(0, 6))).toEqual([10, 10, 10, 255, 0, 0]);
  });

  it("resizes with the card's kernel: nearest repeats source values, bilinear blends them", async () => {
    // Two grey pixels, 0 and 200, enlarged to 8×1.
    const path = await png('two.png', sharp(Buffer.from([0, 200]), { raw: { width: 2, height: 1, channels: 1 } }));
    const values = async (kernel: 'nearest' | 'bilinear') => Array.from((await decodeForModel(path, { width: 8, height: 1, resize: 'stretch', kernel })).rgb.filter((_, i) => i % 3 === 0));
    expect(await values('nearest')).toEqual([0, 0, 0, 0, 200, 200, 200, 200]);
    const blended = await values('bilinear');
    expect(blended.some((v) => v > 0 && v < 200)).toBe(true);
    expect(blended).toEqual([...blended].sort((x, y) => x - y));
  });

  it('turns grey and RGBA images into three 8-bit channels', async () => {
    const grey = await png('grey.png', sharp(Buffer.from([0, 100, 200, 255]), { raw: { width: 2, height: 2, channels: 1 } }));
    const g = await decodeForModel(grey, { width: 2, height: 2, resize: 'stretch' });
    expect(Array.from(g.rgb)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255]);
    const rgba = await png('rgba.png', sharp(Buffer.from([1, 2, 3, 0, 4, 5, 6, 255]), { raw: { width: 2, height: 1, channels: 4 } }));
    const a = await decodeForModel(rgba, { width: 2, height: 1, resize: 'stretch' });
    expect(Array.from(a.rgb)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('scales a flat colour to the letterbox content size only', async () => {
    const path = await png('flat.png', sharp({ create: { width: 4, height: 2, channels: 3, background: { r: 50, g: 100, b: 150 } } }));
    const decoded = await decodeForModel(path, { width: 8, height: 8, resize: 'letterbox' });
    expect(decoded.plan).toMatchObject({ scaledW: 8, scaledH: 4, offsetX: 0, offsetY: 2 });
    expect(decoded.rgb.length).toBe(8 * 4 * 3);
    expect(new Set(decoded.rgb)).toEqual(new Set([50, 100, 150]));
  });
});
