import { z } from 'zod';

/**
 * Click-to-segment ("assist") models: an image encoder and a prompt decoder as ONNX (or ORT
 * format), in a folder of the project's `models/` folder. Four export layouts are in use and are
 * not compatible:
 * - `sam`: SAM's prompt-decoder layout (point_coords / point_labels): Meta's official decoder export
 *   (segment-anything scripts/export_onnx_model.py) or EdgeSAM's own (no mask input, `scores` and
 *   `masks`), with an encoder from the common exporters: SAM, MobileSAM, SAM-HQ, EdgeSAM…
 * - `efficientsam`: EfficientSAM's own split export (batched_images / batched_point_coords …).
 * - `transformers-sam`: the transformers.js layout (vision_encoder + prompt_encoder_mask_decoder:
 *   SAM, SlimSAM, SAM 2 / 2.1), recognised from its config.json without a card.
 * - `sam2`: SAM 2's image predictor as samexporter and the like export it: the encoder also gives
 *   two high-resolution feature maps (high_res_feats_0/1) that the decoder takes beside image_embed.
 */
export const AssistFormat = z.enum(['sam', 'efficientsam', 'transformers-sam', 'sam2']);
export type AssistFormat = z.infer<typeof AssistFormat>;

/**
 * How an image reaches the encoder's square input: `longest-side` (SAM, MobileSAM, EfficientSAM's
 * prompts, transformers.js) scales the long side to the input size and pads the rest at the
 * bottom and right; `square` (SAM 2) stretches both sides to the input size.
 */
export const AssistResize = z.enum(['longest-side', 'square']);
export type AssistResize = z.infer<typeof AssistResize>;

/** A graph file inside the model's folder (ONNX, or onnxruntime's ORT format as some web demos ship): no folders above it, no absolute paths. */
const FolderFile = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!.*\.\.)[\w.@/-]+\.(onnx|ort)$/, 'an .onnx or .ort file inside the model folder (letters, digits, . _ - @ /)');

/** The file `models/<folder>/assist.json`. */
export const AssistCard = z
  .object({
    cardVersion: z.literal(1),
    format: AssistFormat,
    /** The family it was exported from, shown to the user (SAM ViT-B, MobileSAM, SAM 2 tiny…). */
    family: z.string().min(1).max(100),
    /** The weights' licence as the user read it; shown beside the model. */
    licence: z.string().min(1).max(200),
    encoder: FolderFile,
    decoder: FolderFile,
    /** Defaults to the format's own rule: `square` for SAM 2, `longest-side` for the others. */
    resize: AssistResize.optional(),
    /** Side of the encoder's square input. */
    inputSize: z.number().int().min(64).max(4096).default(1024),
  })
  .strict()
  .transform((card) => ({ ...card, resize: card.resize ?? (card.format === 'sam2' ? 'square' : 'longest-side') }));
export type AssistCard = z.infer<typeof AssistCard>;

export const ASSIST_CARD_FILE = 'assist.json';

/** What the editor lists: a folder's model, or why it cannot be used. */
export const AssistModelInfo = z.object({
  /** The folder name under `models/`. */
  name: z.string(),
  format: AssistFormat.nullable(),
  family: z.string(),
  licence: z.string(),
  /** Null when usable; else what is missing or wrong, in words. */
  problem: z.string().nullable(),
});
export type AssistModelInfo = z.infer<typeof AssistModelInfo>;
