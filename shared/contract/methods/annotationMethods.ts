import { z } from 'zod';
import {
  AnnotationOrigin,
  AnnotationQueueFilter,
  AnnotationQueueItem,
  AnnotationSession,
  AnnotationVersion,
  ImageSplit,
  MaskPayload,
  MaskSource,
  ReviewDecision,
  ReviewMark,
  ReviewRecord,
} from '../domain.js';
import { Ok, method } from '../method.js';

const Id = z.number().int().min(1);

const SaveMask = z
  .object({
    imageId: Id,
    authorId: Id,
    origin: AnnotationOrigin,
    /** Active editing time since the last submitted version, in milliseconds. */
    timeMs: z.number().int().min(0).max(2_000_000_000),
    mask: MaskPayload,
  })
  .strict();

/** The mask editor: drafts, submitted versions, reviews. */
export const annotationMethods = {
  'annotations.queue': method(
    z
      .object({
        filter: AnnotationQueueFilter.default('all'),
        /** Whose drafts to show (and, with filter "drafts", to filter by). */
        authorId: Id.optional(),
        split: ImageSplit.optional(),
        /** Only the images of one set to label: a counterexample set S(i) or a test set. */
        testSetId: Id.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(AnnotationQueueItem) }),
    'A page of images to label, with their newest version and the asker’s draft.',
  ),
  'annotations.open': method(
    z.object({ imageId: Id, authorId: Id }).strict(),
    AnnotationSession,
    'Open an image for editing: its draft, newest version and review, and the masks one may start from.',
  ),
  'annotations.loadMask': method(MaskSource, MaskPayload, 'A label map: a draft, a version, a prediction or the ground truth.'),
  'annotations.saveDraft': method(SaveMask, AnnotationVersion, 'Save (or replace) the author’s draft of an image.'),
  'annotations.discardDraft': method(z.object({ imageId: Id, authorId: Id }).strict(), Ok, 'Delete the author’s draft of an image.'),
  'annotations.submit': method(SaveMask, AnnotationVersion, 'Record a new submitted version of an image and drop the author’s draft.'),
  'annotations.review': method(
    z
      .object({
        annotationId: Id,
        reviewerId: Id,
        decision: ReviewDecision,
        marks: z.array(ReviewMark).max(500),
      })
      .strict(),
    ReviewRecord,
    'Accept or return a submitted version, with marks where it is wrong.',
  ),
  'annotations.history': method(
    z.object({ imageId: Id }).strict(),
    z.object({ versions: z.array(AnnotationVersion), reviews: z.array(ReviewRecord) }),
    'Every submitted version of an image and every review, oldest first.',
  ),
} as const;
