import { z } from 'zod';
import { decodeBrushRle } from './brushRle.js';
import type { ClassMapping } from './classMapping.js';
import { LabelPainter } from './labelPainter.js';
import { describeSkipped, type LabelItem } from './labelSource.js';

/** Why a Label Studio export cannot be read at all, in words. */
export class LabelStudioFormatError extends Error {}

const Result = z.object({
  type: z.string(),
  value: z.record(z.string(), z.unknown()).default({}),
  original_width: z.number().int().positive().optional(),
  original_height: z.number().int().positive().optional(),
});
const Annotation = z.object({ id: z.union([z.number(), z.string()]).optional(), result: z.array(Result).default([]), was_cancelled: z.boolean().optional() });
const Task = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  annotations: z.array(Annotation).default([]),
});
const Export = z.array(Task);

const Points = z.array(z.tuple([z.number(), z.number()]));
const Names = z.array(z.string()).min(1);

/** The label names of a result: `polygonlabels`, `brushlabels`, `rectanglelabels`, … */
const labelsOf = (r: z.infer<typeof Result>): string[] | null => {
  const names = Names.safeParse(r.value[r.type]);
  return names.success ? names.data : null;
};

/**
 * The image a task names, as a path: "/data/upload/3/1a2b3c4d-street.jpg" → "street.jpg" (Label
 * Studio prefixes uploads with 8 hex digits), "/data/local-files/?d=city/street.jpg" → "city/street.jpg".
 */
export function labelStudioImageRef(url: string): string {
  const local = /[?&]d=([^&]+)/.exec(url);
  const path = decodeURIComponent(local ? local[1]! : url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '').replace(/[?#].*$/, ''));
  const parts = path.split('/');
  const upload = /^\/?data\/upload\/\d+\//.test(path);
  const last = parts.pop() ?? '';
  const name = upload ? last.replace(/^[0-9a-f]{8}-/, '') : last;
  return upload ? name : [...parts, name].join('/').replace(/^\/+/, '');
}

/**
 * Reads a Label Studio JSON export (a list of tasks) as per-image label maps from each task's
 * latest annotation that was not cancelled: polygons (`polygonlabels`, points in percent of the
 * image), brush masks (`brushlabels`, RLE of RGBA; a pixel is painted where alpha ≥ 128) and
 * rectangles (`rectanglelabels`, rotated about their top-left corner as Label Studio does), in
 * result order, so a later region covers an earlier one. Pixels no region covers get `fill`.
 */
export function decodeLabelStudio(document: unknown, classes: ClassMapping, fill: number): LabelItem[] {
  const parsed = Export.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabelStudioFormatError(`It is not a Label Studio JSON export (a list of tasks): ${issue.path.join('.') || 'the top level'}: ${issue.message}.`);
  }
  return parsed.data.map((task): LabelItem => {
    const url = typeof task.data.image === 'string' ? task.data.image : Object.values(task.data).find((v): v is string => typeof v === 'string');
    const ref = url ? labelStudioImageRef(url) : `task ${task.id ?? '?'}`;
    if (!url) return { kind: 'refusal', ref, reason: 'The task names no image in its data.' };
    const annotations = task.annotations.filter((a) => !a.was_cancelled);
    const annotation = annotations.at(-1);
    if (!annotation) return { kind: 'refusal', ref, reason: 'The task has no annotation that was not cancelled.' };
    const results = annotation.result;
    const sizes = new Set(results.filter((r) => r.original_width && r.original_height).map((r) => `${r.original_width}×${r.original_height}`));
    if (sizes.size !== 1) {
      return { kind: 'refusal', ref, reason: sizes.size === 0 ? 'No result gives the image size (original_width, original_height).' : `Its results give different image sizes (${[...sizes].join(', ')}).` };
    }
    const [width, height] = [...sizes][0]!.split('×').map(Number) as [number, number];
    const problem = results.map((r) => checkResult(r, width, height)).find((p) => p !== null);
    if (problem) return { kind: 'refusal', ref, reason: problem };
    const skipped = new Map<string, number>();
    for (const r of results) if (!PAINTED.has(r.type)) skipped.set(r.type, (skipped.get(r.type) ?? 0) + 1);
    const notes = annotations.length > 1 ? [`${annotations.length} annotations; the latest (id ${annotation.id ?? '?'}) was used`] : [];
    return {
      kind: 'entry',
      ref,
      width,
      height,
      render: () => {
        const painter = new LabelPainter(width, height, classes, fill);
        for (const r of results) if (PAINTED.has(r.type)) paintResult(painter, r, width, height);
        return painter.result([...notes, ...describeSkipped(skipped)]);
      },
    };
  });
}

const PAINTED = new Set(['polygonlabels', 'brushlabels', 'rectanglelabels']);

function checkResult(r: z.infer<typeof Result>, width: number, height: number): string | null {
  if (!PAINTED.has(r.type)) return null;
  const labels = labelsOf(r);
  if (!labels) return `A ${r.type} result has no label names.`;
  if (labels.length > 1) return `A ${r.type} result has several labels (${labels.join(', ')}); give each region one class.`;
  if (r.type === 'polygonlabels') return Points.safeParse(r.value.points).success ? null : 'A polygon has no points list of [x, y] percentages.';
  if (r.type === 'rectanglelabels') {
    return ['x', 'y', 'width', 'height'].every((k) => typeof r.value[k] === 'number') ? null : 'A rectangle lacks x, y, width or height.';
  }
  const rle = z.array(z.number().int().min(0).max(255)).safeParse(r.value.rle);
  if (!rle.success) return 'A brush result has no rle list of bytes.';
  try {
    const rgba = decodeBrushRle(rle.data);
    if (rgba.length !== width * height * 4) return `A brush mask holds ${rgba.length / 4} pixels; the image is ${width}×${height}.`;
  } catch (error) {
    return `A brush mask cannot be decoded (${(error as Error).message}).`;
  }
  return null;
}

function paintResult(painter: LabelPainter, r: z.infer<typeof Result>, width: number, height: number): void {
  const label = labelsOf(r)![0]!;
  if (r.type === 'polygonlabels') {
    painter.polygons(label, [Points.parse(r.value.points).flatMap(([x, y]) => [(x * width) / 100, (y * height) / 100])]);
  } else if (r.type === 'rectanglelabels') {
    const v = r.value as { x: number; y: number; width: number; height: number; rotation?: number };
    const [x, y, w, h] = [(v.x * width) / 100, (v.y * height) / 100, (v.width * width) / 100, (v.height * height) / 100];
    const a = ((v.rotation ?? 0) * Math.PI) / 180;
    const corner = (dx: number, dy: number) => [x + dx * Math.cos(a) - dy * Math.sin(a), y + dx * Math.sin(a) + dy * Math.cos(a)];
    painter.polygons(label, [[...corner(0, 0), ...corner(w, 0), ...corner(w, h), ...corner(0, h)]]);
  } else {
    const rgba = decodeBrushRle(r.value.rle as number[]);
    const bits = new Uint8Array(width * height);
    for (let i = 0; i < bits.length; i++) bits[i] = rgba[i * 4 + 3]! >= 128 ? 1 : 0;
    painter.bitmap(label, bits, 0, 0, width, height);
  }
}
