import { z } from 'zod';
import { ImageSplit, ImageSummary } from '../domain.js';
import { method } from '../method.js';

/** The image pool. */
export const imageMethods = {
  'images.list': method(
    z
      .object({
        split: ImageSplit.optional(),
        status: z.enum(['ok', 'failed']).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.object({ total: z.number().int(), items: z.array(ImageSummary) }),
    'A page of the project images.',
  ),
} as const;
