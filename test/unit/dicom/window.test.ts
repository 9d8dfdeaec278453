import { describe, expect, it } from 'vitest';
import { ctPreset, draggedWindow, packValues, unpackValues, valuePacking, windowedGrey, windowLevel, windowPresets, DicomWindowRule, resolveWindowRule } from '../../../shared/dicom/window.js';

describe('DICOM windowing', () => {
  it('windows LINEAR as PS3.3 C.11.2.1.2.1 defines it (centre − 0.5, width − 1)', () => {
    const w = { center: 40, width: 400, function: 'LINEAR' as const };
    // Bottom edge: x <= c − 0.5 − (w−1)/2 = −160 → 0; top edge: x > c − 0.5 + (w−1)/2 = 239 → 1.
    expect(windowLevel(-160, w)).toBe(0);
    expect(windowLevel(240, w)).toBe(1);
    expect(windowLevel(39.5, w)).toBeCloseTo(0.5, 10);
    expect(windowLevel(-159, w)).toBeCloseTo(1 / 399, 10);
  });

  it('windows LINEAR_EXACT without the half-unit offsets', () => {
    const w = { center: 40, width: 400, function: 'LINEAR_EXACT' as const };
    expect(windowLevel(-160, w)).toBe(0);
    expect(windowLevel(40, w)).toBe(0.5);
    expect(windowLevel(140, w)).toBe(0.75);
    expect(windowLevel(241, w)).toBe(1);
  });

  it('inverts MONOCHROME1 and rounds to 8 bits', () => {
    const w = { center: 0, width: 100, function: 'LINEAR_EXACT' as const };
    expect([...windowedGrey([-50, 0, 25, 50], w, false)]).toEqual([0, 128, 191, 255]);
    expect([...windowedGrey([-50, 0, 25, 50], w, true)]).toEqual([255, 128, 64, 0]);
  });

  it('offers the standard CT presets by name', () => {
    expect(ctPreset('lung')).toEqual({ center: -600, width: 1500, function: 'LINEAR', name: 'lung' });
    expect(ctPreset('brain')).toMatchObject({ center: 40, width: 80 });
  });

  it('widens the window dragging right and raises the centre dragging down, in steps of the value range', () => {
    const start = { center: 40, width: 400, function: 'LINEAR' as const, name: 'SOFT TISSUE' };
    // A 2048-wide range moves 4 units per pixel.
    expect(draggedWindow(start, 10, -5, 2048)).toEqual({ center: 20, width: 440, function: 'LINEAR' });
    // The width never falls below 1.
    expect(draggedWindow(start, -1000, 0, 2048).width).toBe(1);
  });

  it('packs integer values spanning up to 65536 exactly, and wider or fractional ones over their range', () => {
    const hu = [-1024, 0, 40, 3071];
    const exact = valuePacking(hu);
    expect(exact).toEqual({ offset: -1024, scale: 1, min: -1024, max: 3071 });
    const bytes = packValues(hu, exact);
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 0, 4]);
    expect([...unpackValues(bytes, exact)]).toEqual(hu);

    const fractional = [0, 0.5, 1];
    const q = valuePacking(fractional);
    expect(q.scale).toBeCloseTo(1 / 65535, 12);
    const back = unpackValues(packValues(fractional, q), q);
    fractional.forEach((v, i) => expect(back[i]).toBeCloseTo(v, 4));
    expect(valuePacking([0, 70000]).scale).toBeCloseTo(70000 / 65535, 9);
  });
});

describe('window presets', () => {
  it("offers the file's presets, then the CT ones for CT, then the full range", () => {
    const file = [{ center: 40, width: 400, function: 'LINEAR' as const, name: 'SOFT' }, { center: 300, width: 1500, function: 'LINEAR' as const }];
    const ct = windowPresets({ modality: 'CT', windows: file, values: { min: -1000, max: 1000 } });
    expect(ct.map((w) => w.name)).toEqual(['SOFT', 'file 2', 'brain', 'soft tissue', 'abdomen', 'lung', 'bone', 'full range']);
    expect(ct.at(-1)).toMatchObject({ center: 0, width: 2000, function: 'LINEAR_EXACT' });
    expect(windowPresets({ modality: 'MR', windows: [], values: null })).toEqual([]);
  });
});

describe('model card windowing rule', () => {
  const frame = { windows: [{ center: 40, width: 400, function: 'LINEAR' as const, name: 'SOFT' }], shownWindow: null };
  it('resolves a preset, a centre/width, the file window and raw values', () => {
    expect(resolveWindowRule(DicomWindowRule.parse({ kind: 'preset', name: 'lung' }), frame)).toEqual(ctPreset('lung'));
    expect(resolveWindowRule(DicomWindowRule.parse({ kind: 'preset', name: 'file' }), frame)).toEqual(frame.windows[0]);
    expect(resolveWindowRule(DicomWindowRule.parse({ kind: 'window', center: 50, width: 350 }), frame)).toEqual({ center: 50, width: 350, function: 'LINEAR' });
    expect(resolveWindowRule({ kind: 'raw' }, frame)).toBe('raw');
    expect(resolveWindowRule({ kind: 'preset', name: 'file' }, { windows: [], shownWindow: null })).toBeNull();
  });
  it('refuses an unknown preset and a width below 1', () => {
    expect(DicomWindowRule.safeParse({ kind: 'preset', name: 'liver' }).success).toBe(false);
    expect(DicomWindowRule.safeParse({ kind: 'window', center: 0, width: 0 }).success).toBe(false);
  });
});
