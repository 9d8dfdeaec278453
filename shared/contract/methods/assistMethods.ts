import { z } from 'zod';
import { AssistModelInfo } from '../../assist/assistCard.js';
import { AssistPrompt } from '../../assist/assistPrompt.js';
import { MaskCrop } from '../../assist/maskCrop.js';
import { Empty, Ok, method } from '../method.js';

const Id = z.number().int().min(1);
const ModelName = z.string().regex(/^[\w.@-]+$/, 'a folder name under models/');

/** Where the decoder's mask input comes from: nothing, the previous click's logits, or an existing region to refine. */
export const AssistSeed = z.union([z.literal('none'), z.literal('previous'), z.object({ region: MaskCrop }).strict()]);
export type AssistSeed = z.infer<typeof AssistSeed>;

/**
 * Where one click's time went in the core, milliseconds: waiting for the click before it, handing
 * the embedding to the decoder (only when the image changed), the decoder's run, thresholding
 * its logits at the image's size, the worker's message hops, and packing the mask for the wire.
 */
export const AssistDecodeStages = z.object({
  waitMs: z.number(),
  setImageMs: z.number(),
  runMs: z.number(),
  maskMs: z.number(),
  hopMs: z.number(),
  packMs: z.number(),
  coreMs: z.number(),
});
export type AssistDecodeStages = z.infer<typeof AssistDecodeStages>;

/** Click-to-segment in the mask editor with a SAM-family model from the project's models/ folder. */
export const assistMethods = {
  'assist.models': method(Empty, z.array(AssistModelInfo), 'The assist models in the project’s models/ folder, with what is wrong with any that cannot be used.'),
  'assist.prepare': method(
    z.object({ model: ModelName, imageId: Id, next: z.array(Id).max(8).default([]) }).strict(),
    z.object({ cached: z.boolean(), encodeMs: z.number().nullable(), provider: z.string() }),
    'Encode an image for assist (once; cached in the project) and queue the next images of the editor’s queue behind it.',
  ),
  'assist.cancel': method(z.object({ model: ModelName }).strict(), Ok, 'Stop the encoding in progress and drop the queued ones.'),
  'assist.decode': method(
    z.object({ model: ModelName, imageId: Id, prompt: AssistPrompt, seed: AssistSeed.default('none') }).strict(),
    z.object({ mask: MaskCrop.nullable(), score: z.number(), decodeMs: z.number(), stages: AssistDecodeStages }),
    'The mask one object’s clicks and box give, on a prepared image (above full HD, a preview at lower resolution: its scale says so).',
  ),
  'assist.mask': method(
    z.object({ model: ModelName, imageId: Id }).strict(),
    z.object({ mask: MaskCrop.nullable() }),
    'The latest assist.decode’s mask at every pixel, to paint when its preview came at lower resolution.',
  ),
} as const;
