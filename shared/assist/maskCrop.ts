import { z } from 'zod';

/** Largest crop side: the editor's largest image (MaskPayload allows 8192). */
const Side = z.number().int().min(1).max(8192);

/**
 * A binary mask inside a rectangle of an image: width × height bytes (1 = inside) row by row,
 * zlib-deflated and base64-encoded like label maps (maskTransfer.ts), so a preview travels as the
 * object's box rather than the whole image.
 */
export const MaskCrop = z
  .object({
    x: z.number().int().min(0).max(8191),
    y: z.number().int().min(0).max(8191),
    width: Side,
    height: Side,
    data: z.string().max(48_000_000),
  })
  .strict();
export type MaskCrop = z.infer<typeof MaskCrop>;
