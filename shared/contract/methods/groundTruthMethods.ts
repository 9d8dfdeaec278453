import { z } from 'zod';
import { ImageSplit } from '../domain.js';
import { LABEL_FORMATS } from '../enumValues.js';
import { AbsolutePath, method } from '../method.js';

const Int = z.number().int();

export const LabelFormat = z.enum(LABEL_FORMATS);
export type LabelFormat = z.infer<typeof LabelFormat>;

/** How the values of VOC / Cityscapes PNGs are named when no labelmap.txt or classes.json lies beside them. */
export const IndexNames = z.enum(['project', 'voc', 'cityscapes']);
export type IndexNames = z.infer<typeof IndexNames>;

export const UnknownClassView = z.object({ name: z.string(), instances: Int, pixels: Int });

/** What became of one image a label file describes. */
export const TruthOutcome = z.enum(['imported', 'replaced', 'kept', 'refused', 'unmatched', 'ambiguous']);
export type TruthOutcome = z.infer<typeof TruthOutcome>;

export const TruthImportItem = z.object({
  /** The label file, relative to the path given (its name when a file was given). */
  file: z.string(),
  /** The image as the label file names it. */
  ref: z.string(),
  outcome: TruthOutcome,
  imageId: Int.nullable(),
  /** The matched image's path under the folder it was imported from. */
  imagePath: z.string().nullable(),
  /** Why it was refused, left, unmatched or ambiguous; null when imported. */
  reason: z.string().nullable(),
  /** Classes the project lacks: their pixels were left unlabelled. */
  unknown: z.array(UnknownClassView),
  notes: z.array(z.string()),
});
export type TruthImportItem = z.infer<typeof TruthImportItem>;

export const GroundTruthImportResult = z.object({
  format: LabelFormat,
  path: z.string(),
  split: ImageSplit.nullable(),
  replace: z.boolean(),
  /** Label files read (one per image for the PNG formats). */
  files: Int,
  counts: z.object({ imported: Int, replaced: Int, kept: Int, refused: Int, unmatched: Int, ambiguous: Int }),
  /** Label files that could not be read at all, with why. */
  fileErrors: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** Every class name the files used that the project lacks, over all images, most pixels first. */
  unknownClasses: z.array(UnknownClassView.extend({ images: Int })),
  items: z.array(TruthImportItem),
  cancelled: z.boolean(),
});
export type GroundTruthImportResult = z.infer<typeof GroundTruthImportResult>;

/** Ground truth from the labelling tools' formats. */
export const groundTruthMethods = {
  'groundTruth.import': method(
    z
      .object({
        path: AbsolutePath('The label file or folder'),
        format: LabelFormat,
        /** Move each image that gets labels to this split; left out, images keep their split. */
        split: ImageSplit.optional(),
        /** Overwrite ground truth an image already has (otherwise it is kept and reported). */
        replace: z.boolean().default(false),
        /** The project class of pixels no shape covers (COCO, CVAT, Label Studio); left out, they are unlabelled. */
        fillClass: z.string().min(1).max(200).optional(),
        /** How VOC / Cityscapes PNG values are named when no labelmap.txt or classes.json lies beside them. */
        indexNames: IndexNames.optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
    'Import ground truth for project images from COCO, CVAT for images 1.1, Cityscapes, PASCAL VOC or Label Studio files (a job with a per-image report).',
  ),
} as const;
