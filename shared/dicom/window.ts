import { z } from 'zod';

/**
 * DICOM windowing (VOI LUT, PS3.3 C.11.2): one rule for the import's default image, the editor's
 * and rating queue's live view, and what a model card asks its input to be.
 */
export const VoiFunction = z.enum(['LINEAR', 'LINEAR_EXACT', 'SIGMOID']);
export type VoiFunction = z.infer<typeof VoiFunction>;

/** One window preset: of the file, a standard CT one, or one a person or a model card chose. */
export const VoiWindow = z.object({
  center: z.number(),
  width: z.number().positive(),
  function: VoiFunction,
  /** The file's name for the preset (Window Center & Width Explanation), or the standard preset's. */
  name: z.string().optional(),
});
export type VoiWindow = z.infer<typeof VoiWindow>;

/**
 * One modality value through a VOI window to 0…1 (PS3.3 C.11.2.1.2): LINEAR as the standard
 * defines it (centre − 0.5, width − 1, for integer-centred windows), LINEAR_EXACT without those
 * offsets, SIGMOID as the logistic curve of the standard.
 */
export function windowLevel(x: number, w: VoiWindow): number {
  const { center: c, width } = w;
  if (w.function === 'LINEAR_EXACT') {
    if (x <= c - width / 2) return 0;
    if (x > c + width / 2) return 1;
    return (x - c) / width + 0.5;
  }
  if (w.function === 'SIGMOID') return 1 / (1 + Math.exp((-4 * (x - c)) / width));
  if (width <= 1) return x > c - 0.5 ? 1 : 0;
  if (x <= c - 0.5 - (width - 1) / 2) return 0;
  if (x > c - 0.5 + (width - 1) / 2) return 1;
  return (x - (c - 0.5)) / (width - 1) + 0.5;
}

/** 8-bit grey of modality values through a window; MONOCHROME1 is inverted (its minimum is white). */
export function windowedGrey(values: ArrayLike<number>, w: VoiWindow, invert: boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const y = windowLevel(values[i]!, w);
    out[i] = Math.round((invert ? 1 - y : y) * 255);
  }
  return out;
}

/**
 * The standard CT presets (centre/width in Hounsfield units), as radiology viewers (OHIF,
 * cornerstone's tools, Slicer) offer them.
 */
export const CT_PRESET_NAMES = ['brain', 'soft tissue', 'abdomen', 'lung', 'bone'] as const;
export type CtPresetName = (typeof CT_PRESET_NAMES)[number];
export const CT_PRESETS: Record<CtPresetName, { center: number; width: number }> = {
  brain: { center: 40, width: 80 },
  'soft tissue': { center: 40, width: 400 },
  abdomen: { center: 60, width: 400 },
  lung: { center: -600, width: 1500 },
  bone: { center: 400, width: 1800 },
};

export function ctPreset(name: CtPresetName): VoiWindow {
  return { ...CT_PRESETS[name], function: 'LINEAR', name };
}

/** How far one pixel of mouse drag moves the window, as a share of the full value range. */
const DRAG_SHARE_PER_PIXEL = 1 / 512;

/**
 * The window after a drag from `start`, by the radiology convention: moving right widens the
 * window (lower contrast), moving down raises the centre (a darker image). The step scales with
 * the frame's value range, so a drag feels the same on CT (thousands of HU) and on 8-bit data.
 */
export function draggedWindow(start: VoiWindow, dx: number, dy: number, valueRange: number): VoiWindow {
  const step = Math.max(valueRange, 1) * DRAG_SHARE_PER_PIXEL;
  const { name: _name, ...rest } = start;
  return { ...rest, center: start.center + dy * step, width: Math.max(1, start.width + dx * step) };
}

/**
 * How a frame's modality values are kept losslessly beside its displayed image: unsigned 16-bit
 * little-endian samples, `value = sample × scale + offset`. Integer values spanning at most 65536
 * (any CT, MR or 8–16-bit data through a rescale with integer slope) are exact with scale 1;
 * wider or fractional ones are quantised over their range.
 */
export const StoredValues = z.object({
  relPath: z.string(),
  offset: z.number(),
  scale: z.number().positive(),
  min: z.number(),
  max: z.number(),
});
export type StoredValues = z.infer<typeof StoredValues>;

export const U16_LEVELS = 65536;

/** The offset and scale that pack `values` into 16 bits (exact for integers spanning ≤ 65536). */
export function valuePacking(values: ArrayLike<number>): { offset: number; scale: number; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  if (!Number.isFinite(min)) return { offset: 0, scale: 1, min: 0, max: 0 };
  if (integral && max - min < U16_LEVELS) return { offset: min, scale: 1, min, max };
  return { offset: min, scale: max > min ? (max - min) / (U16_LEVELS - 1) : 1, min, max };
}

/** Modality values packed as 16-bit little-endian samples (see StoredValues). */
export function packValues(values: ArrayLike<number>, packing: { offset: number; scale: number }): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const s = Math.min(U16_LEVELS - 1, Math.max(0, Math.round((values[i]! - packing.offset) / packing.scale)));
    out[2 * i] = s & 0xff;
    out[2 * i + 1] = s >> 8;
  }
  return out;
}

/** The modality values back from their 16-bit samples. */
export function unpackValues(bytes: Uint8Array, packing: { offset: number; scale: number }): Float32Array {
  const n = bytes.length >> 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (bytes[2 * i]! | (bytes[2 * i + 1]! << 8)) * packing.scale + packing.offset;
  return out;
}

/**
 * The presets a viewer offers for a frame, in order: the file's own (named as the file names
 * them), the standard CT presets for CT, then the frame's full value range.
 */
export function windowPresets(view: { modality: string; windows: readonly VoiWindow[]; values: { min: number; max: number } | null }): VoiWindow[] {
  const own = view.windows.map((w, i) => ({ ...w, name: w.name ?? `file ${i + 1}` }));
  const ct = view.modality === 'CT' ? CT_PRESET_NAMES.map(ctPreset) : [];
  const full: VoiWindow[] = view.values
    ? [{ center: (view.values.min + view.values.max) / 2, width: Math.max(1, view.values.max - view.values.min), function: 'LINEAR_EXACT', name: 'full range' }]
    : [];
  return [...own, ...ct, ...full];
}

/**
 * How a model gets DICOM frames (a model card's `input.dicomWindow`): through a named preset
 * ('file' is the file's own first window, what the stored image shows; the others are the CT
 * presets), through an explicit centre/width, or as the raw modality values (e.g. Hounsfield
 * units) for models trained on them: a float input with no 8-bit step, which the card's scale,
 * mean and std then normalise. Without a rule a model sees the stored image.
 */
export const DicomWindowRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preset'), name: z.union([z.literal('file'), z.enum(CT_PRESET_NAMES)]) }),
  z.object({ kind: z.literal('window'), center: z.number(), width: z.number().min(1), function: VoiFunction.default('LINEAR') }),
  z.object({ kind: z.literal('raw') }),
]);
export type DicomWindowRule = z.infer<typeof DicomWindowRule>;

/**
 * What a rule means for one frame: a window to render it through, or its raw values. The
 * file's window falls back to the stored image's (its full range when the file has none).
 */
export function resolveWindowRule(rule: DicomWindowRule, frame: { windows: readonly VoiWindow[]; shownWindow: VoiWindow | null }): VoiWindow | 'raw' | null {
  if (rule.kind === 'raw') return 'raw';
  if (rule.kind === 'window') return { center: rule.center, width: rule.width, function: rule.function };
  if (rule.name === 'file') return frame.windows[0] ?? frame.shownWindow;
  return ctPreset(rule.name);
}
