import { z } from 'zod';
import { ImageBrowseCursor, ImageBrowseOrder, ImageSplit, ImageSummary, ImageThumbnail, ImportFailure, ImportFailureKind, ImportSummary } from '../domain.js';
import { AbsolutePath, DirPath, method } from '../method.js';
import { DicomImportOptions } from '../../dicom/frameRecord.js';
import { DicomView } from '../../dicom/dicomView.js';

const DicomReviewItem = z.object({
  imageId: z.number().int(),
  /** Where the frame came from: study/series/instance#frame, by the UIDs the project keeps (de-identified ones unless de-identification was off). */
  sourcePath: z.string(),
  frameNumber: z.number().int(),
  burnedIn: z.enum(['yes', 'unknown']),
  deidentified: z.boolean(),
  attributes: z.array(z.object({ tag: z.number().int(), vr: z.string(), value: z.string() })),
});

/** The image pool. */
export const imageMethods = {
  'images.list': method(
    z
      .object({
        split: ImageSplit.optional(),
        status: z.enum(['ok', 'failed']).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
        /** Keyset paging, what a pager stepping through a big pool should use: the page after this image id (offset is then ignored). */
        after: z.number().int().min(0).optional(),
        /** The page that ends just before this image id, still in id order (offset is then ignored). */
        before: z.number().int().min(1).optional(),
      })
      .strict()
      .refine((q) => q.after === undefined || q.before === undefined, { message: 'Give after or before, not both.' }),
    z.object({ total: z.number().int(), items: z.array(ImageSummary) }),
    'A page of the project images in id order: by offset, or after/before an image id (keyset, as fast on the last page as on the first).',
  ),
  'images.browse': method(
    z
      .object({
        split: ImageSplit.optional(),
        nameContains: z.string().max(500).optional(),
        order: ImageBrowseOrder.default('oldest'),
        limit: z.number().int().min(1).max(500).default(100),
        after: ImageBrowseCursor.optional(),
      })
      .strict(),
    z.object({ items: z.array(ImageSummary), next: ImageBrowseCursor.nullable() }),
    'A page of the project images sorted (imported oldest or newest first, by name, by status) and optionally searched by name; pass `next` as `after` for the page after (keyset: as fast on a million images as on a hundred; no total is counted).',
  ),
  'images.import': method(
    z
      .object({
        folder: DirPath,
        split: ImageSplit.default('pool'),
        masksFolder: AbsolutePath('The masks folder').optional(),
        maxPixels: z.number().int().min(1).max(10_000_000_000).optional(),
        dicom: DicomImportOptions.partial().optional(),
      })
      .strict(),
    z.object({ jobId: z.string(), runId: z.string() }),
    'Import the images under a folder (recursively, de-duplicated by content) as a job; masks for train/test come from masksFolder. DICOM files become one image per frame, de-identified unless dicom.deidentify is false.',
  ),
  'images.importStatus': method(
    z.object({ jobId: z.string().min(1) }).strict(),
    ImportSummary.nullable(),
    'Counts of an import job started in this session, or null for an unknown job.',
  ),
  'images.importFailures': method(
    z
      .object({
        runId: z.string().min(1).optional(),
        kind: ImportFailureKind.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(ImportFailure) }),
    'A page of the files an import could not take, with the reason (newest first; one run with runId).',
  ),
  'images.thumbnails': method(
    z.object({ ids: z.array(z.number().int().min(1)).max(200) }).strict(),
    z.array(ImageThumbnail),
    'Grid thumbnails (WebP data: URLs) of up to 200 images.',
  ),
  'images.dicomView': method(
    z.object({ imageId: z.number().int().min(1) }).strict(),
    DicomView.nullable(),
    "What a viewer needs to window a DICOM frame itself (its modality values' file, the file's presets, the window shown); null for an image not imported from DICOM.",
  ),
  'images.dicomReview': method(
    z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    z.object({ total: z.number().int(), items: z.array(DicomReviewItem) }),
    'A page of the DICOM frames that may carry burned-in text (names, dates drawn in the pixels) and no one has reviewed yet, with the header attributes the project kept.',
  ),
  'images.dicomMarkReviewed': method(
    z.object({ imageId: z.number().int().min(1) }).strict(),
    z.object({ ok: z.literal(true) }),
    'Record that a person checked a DICOM frame and found no burned-in text: it leaves the review list.',
  ),
} as const;
