import { z } from 'zod';
import { ModelCard } from './modelCard.js';

/** A graph input or output as `models inspect` reports it. */
export const TensorSignature = z.object({
  name: z.string(),
  /** Element type in the card's spelling (float32, float16, uint8, int64, …); null when not a tensor. */
  type: z.string().nullable(),
  /** Fixed sizes, symbolic names, null for unknown; null when the graph declares no shape. */
  shape: z.array(z.union([z.number(), z.string(), z.null()])).nullable(),
});
export type TensorSignature = z.infer<typeof TensorSignature>;

export const ModelSignature = z.object({
  file: z.string(),
  sizeBytes: z.number().int().min(0),
  irVersion: z.number().int(),
  /** Version of the default operator set; null when the model imports none. */
  opset: z.number().int().nullable(),
  producer: z.string(),
  inputs: z.array(TensorSignature),
  outputs: z.array(TensorSignature),
  /** External data files (relative to the model file), with their size; null where the file is missing. */
  externalData: z.array(z.object({ location: z.string(), sizeBytes: z.number().int().min(0).nullable() })),
  metadataProps: z.record(z.string(), z.string()),
});
export type ModelSignature = z.infer<typeof ModelSignature>;

/** What `models inspect` prints with --json. */
export const ModelInspection = z.object({
  signature: ModelSignature,
  /** A complete, valid card (version 2): the embedded one when the file carries a valid card, else a draft. */
  card: ModelCard,
  /** Paths of the card fields that were guessed (empty for an embedded card). */
  unsure: z.array(z.string()),
});
export type ModelInspection = z.infer<typeof ModelInspection>;
