import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctPreset, packValues, valuePacking } from '../../../shared/dicom/window.js';
import { ModelCardInput } from '../../../shared/models/modelCard.js';
import { decodeDicomForModel, resizeGreyBilinear, type DicomModelInput } from '../../../electron/core/inference/decodeDicomFrame.js';
import { writeInputTensor } from '../../../electron/core/inference/inputTensor.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const HU = [-1000, 0, 40, 1000];

describe('DICOM frames for models', () => {
  let temp: { dir: string; cleanup(): void };
  let frame: Omit<DicomModelInput, 'window'>;
  beforeEach(() => {
    temp = makeTempDir();
    const packing = valuePacking(HU);
    frame = { valuesPath: join(temp.dir, 'f.values.u16'), offset: packing.offset, scale: packing.scale, invert: false };
    writeFileSync(frame.valuesPath, packValues(HU, packing));
  });
  afterEach(() => temp.cleanup());

  const target = { width: 4, height: 1, resize: 'stretch' as const, kernel: 'nearest' as const };

  it('resizes grey floats bilinearly with pixel centres aligned and edges clamped', () => {
    expect([...resizeGreyBilinear(Float32Array.from([0, 4]), 2, 1, 4, 1)]).toEqual([0, 1, 3, 4]);
    expect([...resizeGreyBilinear(Float32Array.from(HU), 4, 1, 4, 1)]).toEqual(HU);
  });

  it('gives raw Hounsfield values as floats, in all three channels, with no 8-bit step', async () => {
    const { rgb, plan } = await decodeDicomForModel({ ...frame, window: 'raw' }, { width: 4, height: 1 }, target);
    expect(rgb).toBeInstanceOf(Float32Array);
    expect([...rgb]).toEqual(HU.flatMap((v) => [v, v, v]));
    // The card normalises them: (HU · 1 − 0) / 1000.
    const input = ModelCardInput.parse({ tensorName: 'x', width: 4, height: 1, resize: 'stretch', layout: 'NCHW', scale: 1, mean: [0, 0, 0], std: [1000, 1000, 1000], channelOrder: 'grey', dataType: 'float32', dicomWindow: { kind: 'raw' } });
    const out = new Float32Array(4);
    writeInputTensor(rgb, plan, input, out, 0);
    expect([...out]).toEqual([-1, 0, Math.fround(0.04), 1]);
  });

  it('renders through the card window: lung makes water light grey and bone white', async () => {
    const { rgb } = await decodeDicomForModel({ ...frame, window: ctPreset('lung') }, { width: 4, height: 1 }, target);
    expect(rgb).toBeInstanceOf(Uint8Array);
    // LINEAR (−600/1500): (x + 600.5) / 1499 + 0.5, so −1000 → 0.233 → 60; 0 → 0.901 → 230; 40 → 0.927 → 236; 1000 → 255.
    expect([...rgb].filter((_, i) => i % 3 === 0)).toEqual([60, 230, 236, 255]);
  });

  it('refuses a values file that does not match the frame size', async () => {
    await expect(decodeDicomForModel({ ...frame, window: 'raw' }, { width: 3, height: 1 }, target)).rejects.toThrow(/holds 4 values, not 3×1/);
  });
});
