import { z } from 'zod';
import { decodeRle } from '../../geometry/rle.js';
import type { ClassMapping } from './classMapping.js';
import { LabelPainter } from './labelPainter.js';
import type { LabelItem } from './labelSource.js';

const Id = z.union([z.number(), z.string()]);
const Size = z.number().int().positive();

const CocoFile = z.object({
  images: z.array(z.object({ id: Id, file_name: z.string().min(1), width: Size, height: Size })),
  annotations: z.array(z.object({ id: Id.optional(), image_id: Id, category_id: Id, segmentation: z.unknown() })).default([]),
  categories: z.array(z.object({ id: Id, name: z.string() })),
});

const Polygons = z.array(z.array(z.number()));
const RleSize = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
const RleSegmentation = z.union([z.object({ size: RleSize, counts: z.string() }), z.object({ size: RleSize, counts: z.array(z.number()) })]);

type Annotation = z.infer<typeof CocoFile>['annotations'][number];

/** Why a COCO document cannot be read at all, in words. */
export class CocoFormatError extends Error {}

/**
 * Reads a COCO file (instances or stuff, as pycocotools and the labelling tools write it) as
 * per-image semantic label maps: each annotation's `segmentation` (polygons, or RLE for crowds
 * and stuff, compressed or not) is painted with the project class named like its category, in
 * file order, so a later annotation covers an earlier one. Pixels no annotation covers get `fill`.
 */
export function decodeCoco(document: unknown, classes: ClassMapping, fill: number): LabelItem[] {
  const parsed = CocoFile.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CocoFormatError(`It is not a COCO file: ${issue.path.join('.') || 'the top level'}: ${issue.message}.`);
  }
  const { images, annotations, categories } = parsed.data;
  const categoryName = new Map(categories.map((c) => [String(c.id), c.name]));
  const byImage = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = byImage.get(String(a.image_id)) ?? [];
    list.push(a);
    byImage.set(String(a.image_id), list);
  }
  return images.map((image): LabelItem => {
    const own = byImage.get(String(image.id)) ?? [];
    const problem = own.map((a) => checkSegmentation(a, image)).find((p) => p !== null);
    if (problem) return { kind: 'refusal', ref: image.file_name, reason: problem };
    return {
      kind: 'entry',
      ref: image.file_name,
      width: image.width,
      height: image.height,
      render: () => {
        const painter = new LabelPainter(image.width, image.height, classes, fill);
        for (const a of own) {
          const name = categoryName.get(String(a.category_id)) ?? `category ${a.category_id}`;
          const polygons = Polygons.safeParse(a.segmentation);
          if (polygons.success) painter.polygons(name, polygons.data);
          else painter.bitmap(name, decodeRle(RleSegmentation.parse(a.segmentation)), 0, 0, image.width, image.height);
        }
        return painter.result();
      },
    };
  });
}

/** Why an annotation's segmentation cannot be painted on its image, or null when it can. */
function checkSegmentation(a: Annotation, image: { width: number; height: number }): string | null {
  const what = `annotation ${a.id ?? '(no id)'}`;
  const polygons = Polygons.safeParse(a.segmentation);
  if (polygons.success) {
    const bad = polygons.data.find((ring) => ring.length % 2 !== 0 || ring.some((v) => !Number.isFinite(v)));
    return bad ? `${what} has a polygon with an odd number of coordinates or a value that is not a number.` : null;
  }
  const rle = RleSegmentation.safeParse(a.segmentation);
  if (!rle.success) return `${what} has a segmentation that is neither polygons nor RLE.`;
  const [h, w] = rle.data.size;
  if (h !== image.height || w !== image.width) return `${what} has an RLE of ${w}×${h} on an image of ${image.width}×${image.height}.`;
  try {
    decodeRle(rle.data);
  } catch (error) {
    return `${what} has an RLE that cannot be decoded (${(error as Error).message}).`;
  }
  return null;
}
