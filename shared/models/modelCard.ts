import { z } from 'zod';
import { DicomWindowRule } from '../dicom/window.js';

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

/**
 * The interpolation kernel of the resize, to match the pipeline a model was trained with
 * (torchvision and TensorFlow resize bilinearly by default). Large reductions are averaged over
 * whole pixel blocks first (libvips, and JPEG shrink-on-load) whatever the kernel.
 */
export const ResizeKernel = z.enum(['nearest', 'bilinear', 'bicubic', 'lanczos3']);
export type ResizeKernel = z.infer<typeof ResizeKernel>;
/** Cards written before the field resized with lanczos3, which stays their kernel. */
export const DEFAULT_RESIZE_KERNEL: ResizeKernel = 'lanczos3';

const Rgb = z.tuple([z.number(), z.number(), z.number()]);

const inputFields = {
  /** Name of the graph input that receives the image tensor. */
  tensorName: z.string().min(1),
  /** Input width in pixels (W of the tensor). */
  width: z.number().int().positive(),
  /** Input height in pixels (H of the tensor). */
  height: z.number().int().positive(),
  /** How images of another size are resized to width × height. */
  resize: ResizePolicy,
  kernel: ResizeKernel.default(DEFAULT_RESIZE_KERNEL),
  /** Colour to fill the padding with under the 'letterbox' policy, 8-bit RGB. */
  padColour: Rgb.default([0, 0, 0]),
  /** Memory layout of the tensor: NCHW (channels first) or NHWC (channels last). */
  layout: z.enum(['NCHW', 'NHWC']),
  /** Factor applied to each 8-bit value first (1/255 maps to [0, 1]). */
  scale: z.number().positive(),
  /** Per-channel mean subtracted after scaling, in `channelOrder`: value = (pixel·scale − mean) / std. */
  mean: Rgb,
  /** Per-channel standard deviation divided by after subtracting the mean, in `channelOrder`; all > 0. */
  std: Rgb.refine((s) => s.every((v) => v > 0), 'std must be positive'),
};

/**
 * The model's input tensor and the preprocessing that produces it from 8-bit RGB pixels.
 * 'grey' is one channel (luminance 0.299 R + 0.587 G + 0.114 B, rounded) using mean[0] and std[0].
 * 'uint8' feeds the resized 8-bit values as they are, so its scale, mean and std must be the
 * identity (1, 0, 1); 'float16' is computed in float32 and rounded to half precision.
 */
export const ModelCardInput = z.object({
  ...inputFields,
  /** Order of the colour channels in the tensor; 'grey' is a single luminance channel. */
  channelOrder: z.enum(['RGB', 'BGR', 'grey']),
  /** Element type of the tensor. */
  dataType: z.enum(['float32', 'float16', 'uint8']),
  /** How DICOM frames reach the model (a preset, a centre/width, or raw modality values); without it, the stored image. */
  dicomWindow: DicomWindowRule.optional(),
});
export type ModelCardInput = z.infer<typeof ModelCardInput>;

/**
 * What the output holds per pixel:
 * 'logits' K unnormalised scores (softmax applied here); 'probabilities' K values summing to 1;
 * 'sigmoid' one channel, the foreground probability p (class 1), background 1 − p (class 0);
 * 'binary_logit' one channel, the foreground logit z (p = sigmoid(z));
 * 'class_ids' the class id itself (argmax done in the graph; int32, int64 or uint8).
 */
export const OutputKind = z.enum(['logits', 'probabilities', 'sigmoid', 'binary_logit', 'class_ids']);
export type OutputKind = z.infer<typeof OutputKind>;

/** Kinds whose output has one channel: the card lists two classes, background (0) and foreground (1). */
export const ONE_CHANNEL_KINDS: readonly OutputKind[] = ['sigmoid', 'binary_logit'];

/** The model's per-pixel output. */
export const ModelCardOutput = z.object({
  /** Name of the graph output to read. */
  tensorName: z.string().min(1),
  kind: OutputKind,
  /** NCHW (N, K, H, W), NHWC (N, H, W, K), or NHW (N, H, W): class ids without a channel axis. */
  layout: z.enum(['NCHW', 'NHWC', 'NHW']).default('NCHW'),
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

/**
 * A trainable tail: the chain of pointwise layers after a named feature tensor — 1×1 Convs with
 * biases (batch norm folded into them), each but the last followed by ReLU when `relu` says so —
 * ending in the class logits. Fine-tuning the tail refits every layer of it; the head alone is
 * its last layer. The file written after a fine-tune differs only in these initializers.
 */
export const ModelCardTail = z.object({
  /** Name of the tensor that feeds the tail's first 1×1 Conv, shape (N, C, H, W); may be a graph input. */
  featureTensor: z.string().min(1),
  /** Number of channels C of that tensor. */
  featureChannels: z.number().int().positive(),
  /** The layers in order; the last one's outputs are the K class logits. */
  layers: z
    .array(
      z.object({
        weightInitializer: z.string().min(1),
        biasInitializer: z.string().min(1),
        /** A Relu follows this layer's Conv (never the last). */
        relu: z.boolean(),
      }),
    )
    .min(1)
    .max(8)
    .refine((layers) => !layers[layers.length - 1]!.relu, 'the last layer of a tail gives logits, so no ReLU may follow it'),
});
export type ModelCardTail = z.infer<typeof ModelCardTail>;

/**
 * A feature map of the graph (any rank-4 tensor: a backbone stage, a decoder output, a side
 * output) whose per-channel mean over the image becomes the image's embedding for slice
 * discovery. Independent of `head`: a model whose last layer is no 1×1 classifier still names
 * one. Inference stores the pooled vector with each prediction, so slices never run the model again.
 */
export const ModelCardEmbedding = z.object({
  /** Name of the tensor: a graph output or any tensor a node of the graph produces. */
  tensorName: z.string().min(1),
  /** NCHW (N, C, H, W) or NHWC (N, H, W, C): which axis holds the C channels of the embedding. */
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
});
export type ModelCardEmbedding = z.infer<typeof ModelCardEmbedding>;

const cardFields = {
  /** Model name, unique within a project (also the file stem of NAME.onnx / NAME.card.json). */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'name must be a plain file-name stem'),
  /** Version of the model (free text, e.g. "1.0.0" or "round-3"); name + version identify a model. */
  version: z.string().min(1),
  /** What the model is and how it was made, for people. */
  description: z.string().default(''),
  /** The classes, one per output channel (two for the one-channel kinds); ids unique, names unique. */
  classes: z
    .array(ModelCardClass)
    .min(2, "list at least two classes; a one-channel (foreground) output lists two, background (id 0) and foreground (id 1), with output.kind 'sigmoid' or 'binary_logit'"),
  /** Label value that marks "no label here" in masks; excluded from training and scoring. Not a class id. */
  ignoreIndex: z.number().int().min(0).max(255),
  head: ModelCardHead.optional(),
  tail: ModelCardTail.optional(),
};

/** Card version 2: output kinds, output layout, float16/uint8 and grey inputs, an embedding tensor. */
const ModelCardV2 = z.object({ cardVersion: z.literal(2), ...cardFields, input: ModelCardInput, output: ModelCardOutput, embedding: ModelCardEmbedding.optional() });

/** Card version 1 (before one-channel outputs, output layouts and other input types); read and normalised to version 2. */
const ModelCardV1 = z.object({
  cardVersion: z.literal(1),
  ...cardFields,
  input: z.object({ ...inputFields, channelOrder: z.enum(['RGB', 'BGR']), dataType: z.literal('float32') }),
  output: z.object({ tensorName: z.string().min(1), kind: z.enum(['logits', 'probabilities']) }),
});

/** The only place a version-1 card is read: everything else sees version 2. */
function toVersion2(card: z.infer<typeof ModelCardV1> | z.infer<typeof ModelCardV2>): z.infer<typeof ModelCardV2> {
  if (card.cardVersion === 2) return card;
  return { ...card, cardVersion: 2, output: { ...card.output, layout: 'NCHW' } };
}

export const ModelCard = z
  .discriminatedUnion('cardVersion', [ModelCardV2, ModelCardV1])
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
    if (card.cardVersion !== 2) return;
    const { kind, layout } = card.output;
    if (ONE_CHANNEL_KINDS.includes(kind) && card.classes.length !== 2) {
      ctx.addIssue({
        code: 'custom',
        message: `output.kind '${kind}' is one foreground channel: list exactly two classes, background (id 0) and foreground (id 1); the card lists ${card.classes.length}`,
        path: ['classes'],
      });
    }
    if (layout === 'NHW' && kind !== 'class_ids') {
      ctx.addIssue({ code: 'custom', message: `layout 'NHW' (no channel axis) holds class ids only: set output.kind to 'class_ids' or output.layout to 'NCHW'/'NHWC'`, path: ['output', 'layout'] });
    }
    const { dataType, scale, mean, std, dicomWindow } = card.input;
    if (dicomWindow?.kind === 'raw' && dataType === 'uint8') {
      ctx.addIssue({ code: 'custom', message: "raw DICOM values are a float input: set dataType to 'float32' or 'float16', or choose a window for dicomWindow", path: ['input', 'dicomWindow'] });
    }
    if (dataType === 'uint8' && (scale !== 1 || mean.some((v) => v !== 0) || std.some((v) => v !== 1))) {
      ctx.addIssue({ code: 'custom', message: "a uint8 input takes the 8-bit pixels as they are: set scale to 1, mean to [0, 0, 0] and std to [1, 1, 1]", path: ['input', 'dataType'] });
    }
  })
  .transform(toVersion2);
export type ModelCard = z.infer<typeof ModelCard>;
