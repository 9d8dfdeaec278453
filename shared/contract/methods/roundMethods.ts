import { z } from 'zod';
import { method } from '../method.js';

const Id = z.number().int().positive();

export const RoundState = z.enum(['mining', 'rating', 'labelling', 'review', 'rectification', 'evaluation', 'done']);

/** The round lifecycle and the unbiased test sets drawn in it. */
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
} as const;
