import { z } from 'zod';

/**
 * The model card: everything the workstation needs to run an ONNX segmentation model and read
 * its output, stored next to the model file as NAME.card.json. It is general (any semantic
 * segmentation model whose output is a per-pixel score map), not tied to the demo world.
 */

const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');

/** One class the model predicts. Its id is the channel index in the output score map. */
export const ModelCardClass = z.object({
  /** Class id: the output channel index and the value written in label masks (0..254; 255 is reserved for "ignore"). */
  id: z.number().int().min(0).max(254),
  /** Human-readable class name, unique within the card. */
  name: z.string().min(1),
  /** Display colour of the class in masks and legends, `#rrggbb`. */
  color: HexColour,
  /** Coarser group the class belongs to (e.g. "flat", "object"); null when the model defines none. Used to tell fine-grained confusions (same superclass) from gross ones. */
  superclass: z.string().min(1).nullable(),
});
export type ModelCardClass = z.infer<typeof ModelCardClass>;

/** How an image of arbitrary size is brought to the model's fixed input size. */
export const ResizePolicy = z.enum([
  /** Scale width and height independently to the input size (aspect ratio not kept). */
  'stretch',
  /** Scale to fit inside the input keeping the aspect ratio, pad the rest with `padColour`. */
  'letterbox',
  /** Scale to cover the input keeping the aspect ratio, cut the centre. */
  'crop',
]);
export type ResizePolicy = z.infer<typeof ResizePolicy>;

const Rgb = z.tuple([z.number(), z.number(), z.number()]);

/** The model's input tensor and the preprocessing that produces it from 8-bit RGB pixels. */
export const ModelCardInput = z.object({
  /** Name of the graph input that receives the image tensor. */
  tensorName: z.string().min(1),
  /** Input width in pixels (W of the tensor). */
  width: z.number().int().positive(),
  /** Input height in pixels (H of the tensor). */
  height: z.number().int().positive(),
  /** How images of another size are resized to width × height. */
  resize: ResizePolicy,
  /** Colour to fill the padding with under the 'letterbox' policy, 8-bit RGB. */
  padColour: Rgb.default([0, 0, 0]),
  /** Order of the three colour channels in the tensor. */
  channelOrder: z.enum(['RGB', 'BGR']),
  /** Memory layout of the tensor: NCHW (channels first) or NHWC (channels last). */
  layout: z.enum(['NCHW', 'NHWC']),
  /** Element type of the tensor. */
  dataType: z.literal('float32'),
  /** Factor applied to each 8-bit value first (1/255 maps to [0, 1]). */
  scale: z.number().positive(),
  /** Per-channel mean subtracted after scaling, in `channelOrder`: value = (pixel·scale − mean) / std. */
  mean: Rgb,
  /** Per-channel standard deviation divided by after subtracting the mean, in `channelOrder`; all > 0. */
  std: Rgb.refine((s) => s.every((v) => v > 0), 'std must be positive'),
});
export type ModelCardInput = z.infer<typeof ModelCardInput>;

/** The model's score-map output. */
export const ModelCardOutput = z.object({
  /** Name of the graph output holding the per-pixel class scores, shape (N, K, H, W). */
  tensorName: z.string().min(1),
  /** 'logits' (unnormalised, softmax still to apply) or 'probabilities' (already sum to 1 per pixel). */
  kind: z.enum(['logits', 'probabilities']),
});
export type ModelCardOutput = z.infer<typeof ModelCardOutput>;

/**
 * The final per-pixel linear classifier (a 1×1 Conv), named so the workstation can refit or
 * fine-tune it on new labels without touching the rest of the graph. Absent for models whose
 * head cannot be identified.
 */
export const ModelCardHead = z.object({
  /** Name of the tensor that feeds the final 1×1 Conv, shape (N, C, H, W): the per-pixel features. */
  featureTensor: z.string().min(1),
  /** Number of feature channels C. */
  featureChannels: z.number().int().positive(),
  /** Name of the initializer holding the classifier weight, shape (K, C, 1, 1). */
  weightInitializer: z.string().min(1),
  /** Name of the initializer holding the classifier bias, shape (K). */
  biasInitializer: z.string().min(1),
});
export type ModelCardHead = z.infer<typeof ModelCardHead>;

export const ModelCard = z
  .object({
    /** Version of this card format; bumped on incompatible changes. */
    cardVersion: z.literal(1),
    /** Model name, unique within a project (also the file stem of NAME.onnx / NAME.card.json). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'name must be a plain file-name stem'),
    /** Version of the model (free text, e.g. "1.0.0" or "round-3"); name + version identify a model. */
    version: z.string().min(1),
    /** What the model is and how it was made, for people. */
    description: z.string().default(''),
    /** The classes, one per output channel; ids unique, names unique. */
    classes: z.array(ModelCardClass).min(2),
    input: ModelCardInput,
    output: ModelCardOutput,
    /** Label value that marks "no label here" in masks; excluded from training and scoring. Not a class id. */
    ignoreIndex: z.number().int().min(0).max(255),
    head: ModelCardHead.optional(),
  })
  .superRefine((card, ctx) => {
    const ids = new Set<number>();
    const names = new Set<string>();
    for (const c of card.classes) {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate class id ${c.id}`, path: ['classes'] });
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', message: `duplicate class name ${c.name}`, path: ['classes'] });
      ids.add(c.id);
      names.add(c.name);
    }
    if (ids.has(card.ignoreIndex)) {
      ctx.addIssue({ code: 'custom', message: 'ignoreIndex must not be a class id', path: ['ignoreIndex'] });
    }
  });
export type ModelCard = z.infer<typeof ModelCard>;
