import { z } from 'zod';

/**
 * A transformers.js model folder the user has put in the project's `models/` folder: an image
 * encoder with a CLIP-like layout (an image tower, and a text tower when there is one) or an
 * image-to-text captioner. A folder that looks like one but cannot be used says why.
 */
export const VisionModelKind = z.enum(['image-encoder', 'captioner']);
export type VisionModelKind = z.infer<typeof VisionModelKind>;

export const VisionModelInfo = z.object({
  /** The folder name under `models/`: how runs and settings refer to it. */
  name: z.string(),
  /** Null when the folder holds a config of a kind Faultline cannot use. */
  kind: VisionModelKind.nullable(),
  /** The config's `model_type` (clip, siglip, vision-encoder-decoder, …). */
  modelType: z.string(),
  /** Image encoders only: a text tower and tokenizer are present, so text can be searched for. */
  text: z.boolean(),
  /** Weight precision picked from the files present (fp32 when `model.onnx`-style names exist). */
  dtype: z.string(),
  /** Null when usable; else what is missing or wrong, in words. */
  problem: z.string().nullable(),
});
export type VisionModelInfo = z.infer<typeof VisionModelInfo>;

/** 'auto' = the first usable image encoder by name, else the target's own features. */
export const EmbeddingChoice = z.union([z.literal('auto'), z.literal('target'), z.string().regex(/^[\w.@-]+$/, 'a folder name under models/')]);

/** 'auto' = the first usable captioner by name, if any; 'off' = attribute contrasts only. */
export const CaptionerChoice = z.union([z.literal('auto'), z.literal('off'), z.string().regex(/^[\w.@-]+$/, 'a folder name under models/')]);
