import { z } from 'zod';
import { AbsolutePath, method } from '../method.js';
import { ExportFormat } from '../jobResults.js';

const Id = z.number().int().positive();

export const RoundState = z.enum(['mining', 'rating', 'labelling', 'review', 'rectification', 'evaluation', 'done']);

/** The round lifecycle, the unbiased test sets drawn in it, and the export for rectification. */
export const roundMethods = {
  'rounds.setState': method(
    z.object({ roundId: Id, state: RoundState }).strict(),
    z.object({ state: RoundState }),
    'Move a round to a stage of its lifecycle (in order; going back is allowed).',
  ),
  'rounds.buildTestSet': method(
    z
      .object({
        setId: Id,
        size: z.number().int().min(1).max(1000).default(30),
        maxPerClass: z.number().int().min(1).max(1000).default(4),
        backgroundClassId: z.number().int().min(0).max(254).nullable().default(0),
      })
      .strict(),
    z.object({ testSetId: z.number().int(), name: z.string(), images: z.number().int(), excluded: z.record(z.string(), z.number().int()) }),
    'Draw the unbiased test set T(i+1) from a MAD set of the new target; it then goes to labelling.',
  ),
  'rounds.labelSets': method(
    z.object({}).strict(),
    z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        kind: z.enum(['user', 'unbiased', 'counterexamples']),
        roundIdx: z.number().int().nullable(),
        images: z.number().int(),
        labelled: z.number().int(),
      }),
    ),
    'The sets that go to labelling (counterexamples S(i), test sets T0 and T(i)) with how many images have a mask.',
  ),
  'export.run': method(
    z.object({ format: ExportFormat, out: AbsolutePath('The folder to export to') }).strict(),
    z.object({ jobId: z.string() }),
    'Export S0 ∪ S(1..i) and every test set with masks (VOC, COCO RLE, Cityscapes ids or CVAT for images 1.1 masks; DICOM SEG or NIfTI per DICOM series) into a new folder (a job).',
  ),
} as const;
