import { z } from 'zod';

const Pixel = z.number().int().min(0).max(65_535);

/** A click on an image pixel: positive (the object) or negative (not the object). */
export const AssistPoint = z.object({ x: Pixel, y: Pixel, positive: z.boolean() }).strict();
export type AssistPoint = z.infer<typeof AssistPoint>;

/** A dragged box, from its top-left to its bottom-right pixel. */
export const AssistBox = z
  .object({ x0: Pixel, y0: Pixel, x1: Pixel, y1: Pixel })
  .strict()
  .refine((b) => b.x1 >= b.x0 && b.y1 >= b.y0, 'a box runs from its top-left to its bottom-right pixel');
export type AssistBox = z.infer<typeof AssistBox>;

/** Most clicks one object takes; SAM's decoders are trained on far fewer. */
export const MAX_ASSIST_POINTS = 64;

/** Everything the annotator has said about one object so far. */
export const AssistPrompt = z
  .object({ points: z.array(AssistPoint).max(MAX_ASSIST_POINTS), box: AssistBox.nullable() })
  .strict()
  .refine((p) => p.points.length > 0 || p.box !== null, 'a prompt needs a click or a box');
export type AssistPrompt = z.infer<typeof AssistPrompt>;

/** SAM's point labels: the prompt encoder's learned embeddings, by index. */
export const SAM_LABEL = { negative: 0, positive: 1, boxTopLeft: 2, boxBottomRight: 3, padding: -1 } as const;
