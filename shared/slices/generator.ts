import { z } from 'zod';
import { ContrastSchema } from './sliceSchemas.js';

/**
 * Generator plug-ins: a generator makes fresh images for a slice from its description, so the
 * slice can be confirmed on images nobody has seen. The workstation asks for two batches of the
 * same size — images that fit the description ('slice') and images like the rest that do not
 * ('control') — runs the target on both, and tests the failure rates exactly as on held-out
 * images (one-sided Fisher, Wilson intervals, the same confirmation rules).
 *
 * Built in: the demo world's scene generator (its scene conditions are set from the description:
 * darker → night, paler and less colourful → fog, …). Any other generator implements
 * `SliceGenerator`; one running as a local HTTP service answers the wire format below:
 *
 *   POST <base>/plan      body GenerateDescription     → GeneratorPlanAnswer
 *   POST <base>/generate  body GenerateRequest         → GenerateHttpResponse
 *
 * Images travel as base64 PNG (RGB, 8 bit); masks as base64 single-channel PNG of class ids in
 * the project's class ids (255 = unknown). A generator that cannot give true masks answers
 * `mask: null`; its images can then only be confirmed by rating, not by mIoU.
 */

export const GenerateDescription = z.object({
  /** The slice's one-line description, with the words its captions share when a captioner ran ("…; captions mention night (6 of 8; …)"). */
  text: z.string(),
  /** The attribute contrasts it was built from, strongest first. */
  contrasts: z.array(ContrastSchema),
});
export type GenerateDescription = z.infer<typeof GenerateDescription>;

export const GenerateRole = z.enum(['slice', 'control']);
export type GenerateRole = z.infer<typeof GenerateRole>;

export const GenerateRequest = z.object({
  description: GenerateDescription,
  role: GenerateRole,
  count: z.number().int().min(1).max(1000),
  /** uint32; the same request with the same seed must give the same images. */
  seed: z.number().int().min(0).max(0xffffffff),
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const GeneratorPlanAnswer = z.discriminatedUnion('ok', [
  /** What the generator will vary, in words, e.g. "night scenes (time of day: night)". */
  z.object({ ok: z.literal(true), summary: z.string() }),
  /** Why the description maps to nothing the generator can set. */
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type GeneratorPlanAnswer = z.infer<typeof GeneratorPlanAnswer>;

export const GenerateHttpResponse = z.object({
  images: z.array(
    z.object({
      png: z.string(),
      mask: z.string().nullable(),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
  ),
});
export type GenerateHttpResponse = z.infer<typeof GenerateHttpResponse>;

/** One generated image in memory (what an HTTP answer decodes to). */
export interface GeneratedImage {
  width: number;
  height: number;
  /** Packed 8-bit RGB, row-major. */
  rgb: Uint8Array;
  /** True label map in project class ids, or null when the generator does not know it. */
  mask: Uint8Array | null;
  /** The scene parameters used, for people to read. */
  params: Record<string, string | number | boolean>;
}

export interface SliceGenerator {
  /** Stable id, e.g. 'demo-scenes'. */
  readonly id: string;
  readonly label: string;
  plan(description: GenerateDescription): Promise<GeneratorPlanAnswer>;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GeneratedImage[]>;
}
