import { z } from 'zod';
import { ErrorHierarchy } from '../../errors/classHierarchy.js';
import { ErrorCategory } from '../../errors/errorCategories.js';
import { ErrorSettings, ErrorSettingsPatch } from '../../errors/errorSettings.js';
import { MaskPayload } from '../domain.js';
import { Empty, method } from '../method.js';

const Id = z.number().int().positive();
const Count = z.object({ pixels: z.number().int().min(0), regions: z.number().int().min(0) });
export const CategoryTotalsView = z.record(ErrorCategory, Count);
const SetKind = z.enum(['training', 'user', 'unbiased', 'counterexamples']);

export const ErrorRegionView = z.object({
  side: z.enum(['reference', 'prediction']),
  category: ErrorCategory,
  classId: z.number().int(),
  otherClassId: z.number().int().nullable(),
  area: z.number().int(),
  pixels: z.number().int(),
  index: z.number().int(),
  box: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() }),
});
export type ErrorRegionView = z.infer<typeof ErrorRegionView>;

export const ErrorRunView = z.object({
  runId: z.number().int(),
  modelId: z.number().int(),
  setName: z.string(),
  setKind: SetKind,
  roundIdx: z.number().int(),
  images: z.number().int(),
  unlabelled: z.number().int(),
  unpredicted: z.number().int(),
  probsImages: z.number().int(),
  labelErrorRule: z.enum(['active', 'partial', 'no_probabilities', 'no_competitors']),
  /** Why rule 1 (suspected label error) could not fire everywhere; null when it could. */
  note: z.string().nullable(),
  totals: CategoryTotalsView,
  parentRunId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ErrorRunView = z.infer<typeof ErrorRunView>;

export const ErrorOverview = z.object({
  sets: z.array(z.object({ name: z.string(), kind: SetKind, roundIdx: z.number().int(), images: z.number().int() })),
  models: z.array(z.object({ id: z.number().int(), name: z.string(), version: z.string(), parentId: z.number().int().nullable(), isTarget: z.boolean() })),
  runs: z.array(ErrorRunView),
});
export type ErrorOverview = z.infer<typeof ErrorOverview>;

export const ErrorConfigView = z.object({
  hierarchy: ErrorHierarchy,
  settings: ErrorSettings,
  defaults: z.object({ hierarchy: ErrorHierarchy, settings: ErrorSettings }),
  custom: z.object({ hierarchy: z.boolean(), settings: z.boolean() }),
});
export type ErrorConfigView = z.infer<typeof ErrorConfigView>;

export const ErrorGalleryItem = z.object({
  imageId: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  /** Pixels of the category in this image. */
  pixels: z.number().int(),
  regions: z.array(ErrorRegionView),
});
export type ErrorGalleryItem = z.infer<typeof ErrorGalleryItem>;

export const ErrorImageView = z.object({
  runId: z.number().int(),
  modelId: z.number().int(),
  imageId: z.number().int(),
  relPath: z.string(),
  /** The path the image had in the folder it was imported from (null for images stored without one). */
  sourcePath: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  reference: MaskPayload.nullable(),
  prediction: MaskPayload.nullable(),
  regions: z.array(ErrorRegionView),
  mix: CategoryTotalsView,
});
export type ErrorImageView = z.infer<typeof ErrorImageView>;

const PerCategory = z.record(ErrorCategory, z.number().int());

/** Explaining failures: every error region classified by rules in a fixed order, per model, set and round. */
export const errorMethods = {
  'errors.getConfig': method(Empty, ErrorConfigView, 'The class hierarchy, aliases and rule thresholds in force, with their defaults.'),
  'errors.setConfig': method(
    z.object({ hierarchy: ErrorHierarchy.nullable().optional(), settings: ErrorSettingsPatch.nullable().optional() }).strict(),
    ErrorConfigView,
    'Store a new hierarchy (checked against the project classes) and threshold changes; null resets either to the default.',
  ),
  'errors.run': method(
    z.object({ modelIds: z.array(Id).max(64).optional(), sets: z.array(z.string().min(1)).max(64).optional() }).strict(),
    z.object({ jobId: z.string() }),
    'Classify the errors of the models (default all) on the labelled sets S0, T0, T(i), S(i) (default all): a job with progress.',
  ),
  'errors.overview': method(Empty, ErrorOverview, 'Every classification run with its totals per category (pixels and regions), the labelled sets and the models.'),
  'errors.gallery': method(
    z.object({ runId: Id, category: ErrorCategory, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(48) }).strict(),
    z.object({ total: z.number().int(), items: z.array(ErrorGalleryItem) }),
    "A page of a run's images holding a category, most pixels of it first, with those regions' boxes.",
  ),
  'errors.image': method(
    z.object({ runId: Id, imageId: Id }).strict(),
    ErrorImageView,
    'One image of a run: reference and predicted masks, every region with its category, and the image’s mix.',
  ),
  'errors.compare': method(
    z.object({ runId: Id, baseRunId: Id }).strict(),
    z.object({ runId: z.number().int(), baseRunId: z.number().int(), matched: z.number().int(), fixed: PerCategory, introduced: PerCategory }),
    'Which kinds of error a run fixed and which are new, against a base run on the same set (e.g. the parent version).',
  ),
} as const;
