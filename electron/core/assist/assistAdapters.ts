import * as ort from 'onnxruntime-node';
import type { AssistFormat } from '../../../shared/assist/assistCard.js';
import { toInputPoint, wholeInput, type AssistFrame, type LowResMask } from '../../../shared/assist/assistFrame.js';
import { SAM_LABEL, type AssistPrompt } from '../../../shared/assist/assistPrompt.js';

/**
 * One adapter per ONNX export layout of the SAM family, behind one interface: what the graphs
 * must declare, how an image becomes the encoder's input, how a prompt becomes the decoder's
 * feeds and how its outputs become a mask at the image's size.
 */

export interface TensorInfo {
  name: string;
  /** onnxruntime's type name ('float32', 'int64', …). */
  type: string;
  /** Fixed sizes as numbers, symbolic ones as names; empty when undeclared. */
  shape: ReadonlyArray<number | string>;
}

export interface Signature {
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
}

export function signatureOf(session: ort.InferenceSession): Signature {
  const info = (m: ort.InferenceSession.ValueMetadata): TensorInfo => (m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: 'non-tensor', shape: [] });
  return { inputs: session.inputMetadata.map(info), outputs: session.outputMetadata.map(info) };
}

/** An image embedding: the encoder's outputs the decoder takes, under the decoder's input names. */
export type Embedding = Record<string, { dims: number[]; data: Float32Array }>;

export interface MaskReading {
  /** The chosen mask's logits, which the worker thresholds at the resolution it needs. */
  mask: LowResMask;
  /** The decoder's own quality estimate of the mask it returned (predicted IoU). */
  score: number;
  /** Low-resolution logits to seed the next click's mask input with (formats that take one). */
  lowRes: Float32Array | null;
}

export interface AssistAdapter {
  /** What a usable encoder must declare, as sentences; empty when it fits. */
  checkEncoder(encoder: Signature, inputSize: number): string[];
  checkDecoder(decoder: Signature): string[];
  /** The encoder's feed from the image scaled to frame.scaledW × frame.scaledH (packed 8-bit RGB). */
  encoderFeeds(encoder: Signature, rgb: Uint8Array, frame: AssistFrame): Record<string, ort.Tensor>;
  /** Side of the square mask input the decoder takes, or null when it takes none (refinement is by clicks only). */
  maskInputSide(decoder: Signature): number | null;
  decoderFeeds(decoder: Signature, embedding: Embedding, prompt: AssistPrompt, frame: AssistFrame, maskInput: Float32Array | null): Record<string, ort.Tensor>;
  /**
   * The decoder outputs readMask reads when the graph declares them all; the worker cuts the
   * graph down to them. Null where outputs are found by rank, not name.
   */
  readonly decoderReads: readonly string[] | null;
  /** The best mask of a decoder's outputs. */
  readMask(outputs: ort.InferenceSession.ReturnType, frame: AssistFrame, feeds: Record<string, ort.Tensor>): MaskReading;
}

/** segment-anything's pixel mean and std, in 0–255 units (ImageNet's, as transformers.js's SamProcessor has them in 0–1 units). */
const PIXEL_MEAN = [123.675, 116.28, 103.53] as const;
const PIXEL_STD = [58.395, 57.12, 57.375] as const;

function find(list: readonly TensorInfo[], name: string): TensorInfo | undefined {
  return list.find((t) => t.name === name);
}

function names(list: readonly TensorInfo[]): string {
  return list.map((t) => `'${t.name}'`).join(', ');
}

function missing(sig: Signature, inputs: readonly string[], outputs: readonly string[], what: string): string[] {
  const absentIn = inputs.filter((n) => !find(sig.inputs, n));
  const absentOut = outputs.filter((n) => !find(sig.outputs, n));
  const problems: string[] = [];
  if (absentIn.length) problems.push(`the ${what} has no input${absentIn.length > 1 ? 's' : ''} ${absentIn.map((n) => `'${n}'`).join(', ')} (it takes ${sig.inputs.map((t) => `'${t.name}'`).join(', ')})`);
  if (absentOut.length) problems.push(`the ${what} has no output${absentOut.length > 1 ? 's' : ''} ${absentOut.map((n) => `'${n}'`).join(', ')} (it gives ${sig.outputs.map((t) => `'${t.name}'`).join(', ')})`);
  return problems;
}

/** Normalised, channel-first, padded at the bottom and right to size × size with zeros (after normalising, as segment-anything pads). */
function normalisedPadded(rgb: Uint8Array, frame: AssistFrame, mean: readonly number[], std: readonly number[]): Float32Array {
  const { size, scaledW, scaledH } = frame;
  const plane = size * size;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < scaledH; y++) {
    for (let x = 0; x < scaledW; x++) {
      const src = 3 * (y * scaledW + x);
      const dst = y * size + x;
      for (let c = 0; c < 3; c++) data[c * plane + dst] = (rgb[src + c]! - mean[c]!) / std[c]!;
    }
  }
  return data;
}

/** Fixed square side of a rank-4 NCHW image input, or null when symbolic. */
function fixedSide(input: TensorInfo): number | null {
  const [, , h, w] = input.shape;
  return typeof h === 'number' && typeof w === 'number' && h === w ? h : null;
}

/** An image input that must take float32 pixels (normalised or 0–1), as every float export but a float16 one does. */
function float32ImageProblem(input: TensorInfo): string[] {
  return input.type === 'float32' ? [] : [`the encoder's input '${input.name}' is ${input.type}; this format takes float32 pixels (use the float32 export)`];
}

function squareInputProblem(input: TensorInfo, inputSize: number): string[] {
  if (input.shape.length !== 4) return [`the encoder's input '${input.name}' has rank ${input.shape.length}; expected (1, 3, ${inputSize}, ${inputSize})`];
  const side = fixedSide(input);
  return side !== null && side !== inputSize ? [`the encoder takes ${side}×${side} images but the card says inputSize ${inputSize}`] : [];
}

function bestIndex(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

function floats(value: ort.OnnxValue | undefined, what: string): { data: Float32Array; dims: number[] } {
  const tensor = value as ort.Tensor | undefined;
  if (!tensor || tensor.type !== 'float32') throw new Error(`the decoder gave no float output '${what}'`);
  return { data: tensor.data as Float32Array, dims: tensor.dims.map(Number) };
}

export class NonFiniteOutput extends Error {}

function assertFinite(values: Float32Array, what: string): void {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw new NonFiniteOutput(`the ${what} produced NaN or infinite values`);
}

/** The best of C candidate masks of size h × w (C×h×w after the leading 1s), by predicted IoU. */
function bestCandidate(
  masks: { data: Float32Array; dims: number[] },
  iou: { data: Float32Array },
  choose: (scores: Float32Array) => number = bestIndex,
): { logits: Float32Array; w: number; h: number; score: number } {
  const h = masks.dims[masks.dims.length - 2]!;
  const w = masks.dims[masks.dims.length - 1]!;
  const count = masks.data.length / (w * h);
  const scores = iou.data.subarray(0, count);
  const best = choose(scores);
  const logits = masks.data.subarray(best * w * h, (best + 1) * w * h);
  assertFinite(logits, 'decoder');
  return { logits, w, h, score: scores[best] ?? 0 };
}

/**
 * Which of SAM's four candidates a decoder exported with every mask (no --return-single-mask)
 * answers with, by the rule its own export applies when it returns one (SamOnnxModel.select_masks):
 * with more than two points fed (padding point and box corners counted), the single-object mask 0,
 * which several prompts pin down; with one click, the best scored of the three ambiguity masks
 * 1–3, since mask 0 is SAM's least reliable answer to one point. Other candidate counts: the best.
 */
export function metaChoice(pointsFed: number | undefined): (scores: Float32Array) => number {
  return (scores) => {
    if (scores.length !== 4 || pointsFed === undefined) return bestIndex(scores);
    return pointsFed > 2 ? 0 : 1 + bestIndex(scores.subarray(1));
  };
}

/** Clicks as points and a box as its two corners with SAM's labels, in the frame's coordinates when `scaled`. */
function samPoints(prompt: AssistPrompt, frame: AssistFrame): { coords: number[]; labels: number[] } {
  const coords: number[] = [];
  const labels: number[] = [];
  for (const p of prompt.points) {
    coords.push(...toInputPoint(frame, p.x, p.y));
    labels.push(p.positive ? SAM_LABEL.positive : SAM_LABEL.negative);
  }
  if (prompt.box) {
    coords.push(...toInputPoint(frame, prompt.box.x0, prompt.box.y0), ...toInputPoint(frame, prompt.box.x1, prompt.box.y1));
    labels.push(SAM_LABEL.boxTopLeft, SAM_LABEL.boxBottomRight);
  }
  return { coords, labels };
}

/** Point labels in the type the graph declares: float32 (Meta's, samexporter's), int64 (transformers.js), int32 (onnxruntime's SAM 2 export). */
function labelTensor(type: string, labels: readonly number[], dims: number[]): ort.Tensor {
  if (type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(labels.map((l) => BigInt(l))), dims);
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(labels), dims);
  return new ort.Tensor('float32', Float32Array.from(labels), dims);
}

function embeddingFeeds(embedding: Embedding): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(embedding).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]));
}

/** A size input in the type the graph declares (exports differ: float32, int32 or int64). */
function sizeTensor(type: string, h: number, w: number): ort.Tensor {
  if (type === 'int64') return new ort.Tensor('int64', BigInt64Array.of(BigInt(h), BigInt(w)), [2]);
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.of(h, w), [2]);
  return new ort.Tensor('float32', Float32Array.of(h, w), [2]);
}

/** Only the feeds the graph declares: the layouts' optional inputs (mask input, sizes, boxes) go to graphs that take them. */
function declaredOnly(graph: Signature, feeds: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(feeds).filter(([name]) => find(graph.inputs, name)));
}

/**
 * The prompt inputs SAM-style decoders share: points with their labels (in the type the graph
 * declares) and, where the graph takes one, the previous mask. `pad`: SAM's predictor adds a
 * padding point when there is no box so the prompt encoder sees the box slot as empty; decoders
 * that do it inside the graph (SAM 2's exports) must not get a second one.
 */
function samPromptFeeds(decoder: Signature, prompt: AssistPrompt, frame: AssistFrame, side: number | null, maskInput: Float32Array | null, pad: boolean): Record<string, ort.Tensor> {
  const { coords, labels } = samPoints(prompt, frame);
  if (pad && !prompt.box) {
    coords.push(0, 0);
    labels.push(SAM_LABEL.padding);
  }
  const n = labels.length;
  const feeds: Record<string, ort.Tensor> = {
    point_coords: new ort.Tensor('float32', Float32Array.from(coords), [1, n, 2]),
    point_labels: labelTensor(find(decoder.inputs, 'point_labels')?.type ?? 'float32', labels, [1, n]),
  };
  if (side === null) return feeds;
  const [mask, flag] = find(decoder.inputs, 'input_masks') ? ['input_masks', 'has_input_masks'] : ['mask_input', 'has_mask_input'];
  return {
    ...feeds,
    [mask]: new ort.Tensor('float32', maskInput ?? new Float32Array(side * side), [1, 1, side, side]),
    [flag]: new ort.Tensor('float32', Float32Array.of(maskInput ? 1 : 0), [1]),
  };
}

/** Side of the square mask input the decoder declares (mask_input, or input_masks in onnxruntime's SAM 2 export; SAM's 256 where the size is symbolic), or null when it takes none. */
function declaredMaskSide(decoder: Signature): number | null {
  const input = find(decoder.inputs, 'mask_input') ?? find(decoder.inputs, 'input_masks');
  if (!input) return null;
  const side = input.shape[3];
  return typeof side === 'number' ? side : 256;
}

/** The scaled image's RGB 0–255 as the graph declares its pixels, float32 or uint8 (a copy: the tensor must not share the caller's buffer). */
function rawPixels(type: string, rgb: Uint8Array, dims: number[]): ort.Tensor {
  return type === 'uint8' ? new ort.Tensor('uint8', Uint8Array.from(rgb), dims) : new ort.Tensor('float32', Float32Array.from(rgb), dims);
}

/** Packed RGB as three planes. */
function channelFirst(rgb: Uint8Array, pixels: number): Uint8Array {
  const planes = new Uint8Array(3 * pixels);
  for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) planes[c * pixels + i] = rgb[3 * i + c]!;
  return planes;
}

/**
 * SAM's prompt-decoder layout, with an encoder from the common exporters. Its one image input is
 * either float32 NCHW, normalised and padded to size × size here (Meta's image encoder as
 * samexporter exports it without --use-preprocess, EdgeSAM's own export), or raw RGB 0–255 at the
 * scaled size with normalising and padding in the graph: float32 HWC (samexporter
 * --use-preprocess, Acly/MobileSAM's mobile_sam_image_encoder.onnx), uint8 HWC or uint8 NCHW
 * (X-AnyLabeling's EfficientViT-SAM and EdgeSAM encoders, as its efficientvit_sam.py and
 * edge_sam.py feed them). Two decoders share it:
 * - Meta's official export (scripts/export_onnx_model.py, also samexporter's export_decoder.py):
 *   image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size →
 *   masks (upsampled to orig_im_size), iou_predictions, low_res_masks; 4 candidates, or 1 with
 *   --return-single-mask.
 * - EdgeSAM's (chongzhou96/EdgeSAM scripts/export_onnx_model.py --decoder, SamCoreMLModel):
 *   image_embeddings, point_coords, point_labels → scores (1, 4), masks (1, 4, 256, 256), the
 *   masks being the low-resolution logits; no mask input, so it refines by clicks only.
 * Neither pads the points inside the graph, so the padding point is added here as SAM's predictor does.
 */
const samAdapter: AssistAdapter = {
  checkEncoder(encoder, inputSize) {
    if (encoder.inputs.length !== 1) return [`the encoder takes ${encoder.inputs.length} inputs; a SAM encoder takes one image`];
    const input = encoder.inputs[0]!;
    if (input.type !== 'float32' && input.type !== 'uint8') return [`the encoder's input '${input.name}' is ${input.type}; a SAM encoder takes float32 or uint8 pixels`];
    if (input.shape.length === 3 || input.type === 'uint8') {
      if (input.shape.length !== 3 && input.shape.length !== 4) return [`the encoder's input '${input.name}' has rank ${input.shape.length}; expected (H, W, 3) or (1, 3, H, W)`];
      // Raw pixels go in at the image's scaled size: a graph fixed to one canvas (X-AnyLabeling's SAM-HQ, 684 × 1024) cannot take them.
      const [h, w] = input.shape.length === 3 ? input.shape : input.shape.slice(2);
      return typeof h === 'number' || typeof w === 'number' ? [`the encoder takes raw pixels only at ${h} × ${w}; export it with a symbolic height and width`] : [];
    }
    return squareInputProblem(input, inputSize);
  },
  checkDecoder(decoder) {
    if (['high_res_feats_0', 'image_features_0'].some((n) => find(decoder.inputs, n))) return ["the decoder takes SAM 2's high-resolution feature maps: its format is 'sam2'"];
    const problems = missing(decoder, ['image_embeddings', 'point_coords', 'point_labels'], [], 'decoder');
    if (!find(decoder.inputs, 'mask_input') !== !find(decoder.inputs, 'has_mask_input')) problems.push("the decoder takes only one of 'mask_input' and 'has_mask_input'");
    // With orig_im_size the graph's 'masks' are cut to the image, so only its low_res_masks cover the whole input.
    if (find(decoder.inputs, 'orig_im_size')) problems.push(...missing(decoder, [], ['low_res_masks'], 'decoder'));
    else if (!find(decoder.outputs, 'low_res_masks') && !find(decoder.outputs, 'masks')) problems.push("the decoder has no output 'low_res_masks' or 'masks'");
    if (!find(decoder.outputs, 'iou_predictions') && !find(decoder.outputs, 'scores')) problems.push("the decoder has no output 'iou_predictions' or 'scores'");
    return problems;
  },
  encoderFeeds(encoder, rgb, frame) {
    const input = encoder.inputs[0]!;
    if (input.shape.length === 3) return { [input.name]: rawPixels(input.type, rgb, [frame.scaledH, frame.scaledW, 3]) };
    if (input.type === 'uint8') return { [input.name]: new ort.Tensor('uint8', channelFirst(rgb, frame.scaledW * frame.scaledH), [1, 3, frame.scaledH, frame.scaledW]) };
    return { [input.name]: new ort.Tensor('float32', normalisedPadded(rgb, frame, PIXEL_MEAN, PIXEL_STD), [1, 3, frame.size, frame.size]) };
  },
  maskInputSide: declaredMaskSide,
  decoderFeeds(decoder, embedding, prompt, frame, maskInput) {
    return declaredOnly(decoder, {
      ...embeddingFeeds(embedding),
      ...samPromptFeeds(decoder, prompt, frame, declaredMaskSide(decoder), maskInput, true),
      // Only low_res_masks is read (and resampled here in one step); the frame's size keeps the graph's own upsampled 'masks' small.
      orig_im_size: sizeTensor(find(decoder.inputs, 'orig_im_size')?.type ?? 'float32', frame.scaledH, frame.scaledW),
    });
  },
  // EdgeSAM's decoder declares neither and keeps its graph whole (it has no upsampling to cut).
  decoderReads: ['low_res_masks', 'iou_predictions'],
  readMask(outputs, frame, feeds) {
    const masks = outputs.low_res_masks !== undefined ? 'low_res_masks' : 'masks';
    const scores = outputs.iou_predictions !== undefined ? 'iou_predictions' : 'scores';
    const best = bestCandidate(floats(outputs[masks], masks), floats(outputs[scores], scores), metaChoice(feeds.point_coords?.dims[1]));
    return { mask: wholeInput(best.logits, best.w, best.h, frame), score: best.score, lowRes: Float32Array.from(best.logits) };
  },
};

const EFFICIENT_DECODER_INPUTS = ['image_embeddings', 'batched_point_coords', 'batched_point_labels', 'orig_im_size'] as const;

/** A decoder output by rank: EfficientSAM's masks are (B, queries, C, H, W) and its IoUs (B, queries, C). */
function outputOfRank(outputs: ort.InferenceSession.ReturnType, rank: number, what: string): { data: Float32Array; dims: number[] } {
  const tensor = Object.values(outputs).find((v) => (v as ort.Tensor).dims?.length === rank);
  return floats(tensor, what);
}

/**
 * EfficientSAM's split export (yformer/EfficientSAM, as labelme and samexporter run it): the
 * encoder takes 0–1 RGB at any size and stretches it to 1024 itself; the decoder normalises
 * points by orig_im_size and upsamples its masks to it. Fed the scaled image and its size, so
 * the masks come back at most 1024 on a side and are resampled here.
 */
const efficientSamAdapter: AssistAdapter = {
  checkEncoder(encoder) {
    if (encoder.inputs.length !== 1) return [`the encoder takes ${encoder.inputs.length} inputs; EfficientSAM's takes one image`];
    const input = encoder.inputs[0]!;
    return input.shape.length === 4 ? float32ImageProblem(input) : [`the encoder's input '${input.name}' has rank ${input.shape.length}; expected (1, 3, H, W)`];
  },
  checkDecoder(decoder) {
    const problems = missing(decoder, EFFICIENT_DECODER_INPUTS, [], 'decoder');
    if (!decoder.outputs.some((o) => o.shape.length === 5 || o.shape.length === 0)) problems.push('the decoder has no (B, queries, candidates, H, W) mask output');
    return problems;
  },
  encoderFeeds(encoder, rgb, frame) {
    const { scaledW, scaledH } = frame;
    const plane = scaledW * scaledH;
    const data = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) data[c * plane + i] = rgb[3 * i + c]! / 255;
    return { [encoder.inputs[0]!.name]: new ort.Tensor('float32', data, [1, 3, scaledH, scaledW]) };
  },
  maskInputSide() {
    return null;
  },
  decoderFeeds(decoder, embedding, prompt, frame) {
    const { coords, labels } = samPoints(prompt, frame);
    const n = labels.length;
    return {
      ...embeddingFeeds(embedding),
      batched_point_coords: new ort.Tensor('float32', Float32Array.from(coords), [1, 1, n, 2]),
      batched_point_labels: labelTensor(find(decoder.inputs, 'batched_point_labels')!.type, labels, [1, 1, n]),
      orig_im_size: new ort.Tensor('int64', BigInt64Array.of(BigInt(frame.scaledH), BigInt(frame.scaledW)), [2]),
    };
  },
  decoderReads: null,
  readMask(outputs, frame) {
    const best = bestCandidate(outputOfRank(outputs, 5, 'masks'), outputOfRank(outputs, 3, 'IoU predictions'));
    return { mask: { logits: best.logits, width: best.w, height: best.h, cover: { width: frame.scaledW, height: frame.scaledH } }, score: best.score, lowRes: null };
  },
};

/**
 * The transformers.js layout: vision_encoder takes pixel_values (normalised like SAM's) and gives
 * the embeddings prompt_encoder_mask_decoder takes by name; the decoder takes input_points
 * (1, 1, N, 2) with 0/1 labels (int64 as transformers.js feeds them) and, where declared,
 * input_boxes (1, B, 4), and gives three 256 × 256 candidates (pred_masks) with IoU scores
 * (iou_scores); no mask input. Two families share it (transformers.js models/sam and models/sam2):
 * - SAM and SlimSAM (Xenova/sam-vit-base, Xenova/slimsam-77-uniform): image_embeddings and
 *   image_positional_embeddings; no input_boxes, so a box is given as a positive click at its centre.
 * - SAM 2 / 2.1 (onnx-community/sam2*-hiera-*-ONNX, also EdgeTAM, SAM 3 tracker): image_embeddings.0,
 *   .1, .2 and input_boxes (given empty, (1, 0, 4), when there is no box); also object_score_logits, unread.
 */
const transformersSamAdapter: AssistAdapter = {
  checkEncoder(encoder, inputSize) {
    const input = find(encoder.inputs, 'pixel_values');
    if (!input) return [`the vision encoder has no input 'pixel_values' (it takes ${names(encoder.inputs)})`];
    return [...float32ImageProblem(input), ...squareInputProblem(input, inputSize)];
  },
  checkDecoder(decoder) {
    return missing(decoder, ['input_points', 'input_labels'], ['pred_masks', 'iou_scores'], 'prompt decoder');
  },
  encoderFeeds(_encoder, rgb, frame) {
    return { pixel_values: new ort.Tensor('float32', normalisedPadded(rgb, frame, PIXEL_MEAN, PIXEL_STD), [1, 3, frame.size, frame.size]) };
  },
  maskInputSide() {
    return null;
  },
  decoderFeeds(decoder, embedding, prompt, frame) {
    const takesBoxes = find(decoder.inputs, 'input_boxes') !== undefined;
    const coords: number[] = [];
    const labels: number[] = [];
    for (const p of prompt.points) {
      coords.push(...toInputPoint(frame, p.x, p.y));
      labels.push(p.positive ? 1 : 0);
    }
    if (prompt.box && !takesBoxes) {
      coords.push(...toInputPoint(frame, (prompt.box.x0 + prompt.box.x1) / 2, (prompt.box.y0 + prompt.box.y1) / 2));
      labels.push(1);
    }
    const box = prompt.box ? [...toInputPoint(frame, prompt.box.x0, prompt.box.y0), ...toInputPoint(frame, prompt.box.x1, prompt.box.y1)] : [];
    const n = labels.length;
    return declaredOnly(decoder, {
      ...embeddingFeeds(embedding),
      input_points: new ort.Tensor('float32', Float32Array.from(coords), [1, 1, n, 2]),
      input_labels: labelTensor(find(decoder.inputs, 'input_labels')!.type, labels, [1, 1, n]),
      input_boxes: new ort.Tensor('float32', Float32Array.from(box), [1, box.length / 4, 4]),
    });
  },
  decoderReads: ['pred_masks', 'iou_scores'],
  readMask(outputs, frame) {
    const best = bestCandidate(floats(outputs.pred_masks, 'pred_masks'), floats(outputs.iou_scores, 'iou_scores'));
    return { mask: wholeInput(best.logits, best.w, best.h, frame), score: best.score, lowRes: null };
  },
};

/**
 * SAM 2's image predictor as exported outside transformers.js: the encoder takes the image
 * stretched to size × size (SAM 2's resize) and normalised like SAM's, and gives two
 * high-resolution feature maps and the image embedding; the decoder takes those three, SAM's
 * points (padded inside the graph, so not here) and a mask input. Two naming schemes:
 * - samexporter (export_sam2.py; also ibaiGorordo/ONNX-SAM2-Segment-Anything, g-ronimo/sam2-tiny,
 *   X-AnyLabeling's SAM 2 zips): high_res_feats_0, high_res_feats_1, image_embed; mask_input,
 *   has_mask_input; gives `masks` and iou_predictions. Its masks are the 256 × 256 logits, or,
 *   where it takes orig_im_size (ibaiGorordo's, int32), the logits resized to it: fed the mask
 *   input's side, they come back as the same 256 × 256 logits. Some .ort conversions are read by
 *   position, so pairEmbedding also pairs the encoder's outputs by shape.
 * - onnxruntime's (onnxruntime/python/tools/transformers/models/sam2): image_features_0,
 *   image_features_1, image_embeddings; int32 point_labels; input_masks, has_input_masks,
 *   original_image_size (int32); gives masks (thresholded, at original_image_size),
 *   iou_predictions and low_res_masks, of which only the last two are read (and kept).
 * Both cover the whole input, which under the square resize is the whole image.
 */
const sam2Adapter: AssistAdapter = {
  checkEncoder(encoder, inputSize) {
    if (encoder.inputs.length !== 1) return [`the encoder takes ${encoder.inputs.length} inputs; a SAM 2 encoder takes one image`];
    const problems = [...float32ImageProblem(encoder.inputs[0]!), ...squareInputProblem(encoder.inputs[0]!, inputSize)];
    if (encoder.outputs.length < 3) problems.push(`the encoder gives ${encoder.outputs.length} output${encoder.outputs.length === 1 ? '' : 's'}; a SAM 2 encoder gives an image embedding and two high-resolution feature maps`);
    return problems;
  },
  checkDecoder(decoder) {
    const problems = missing(decoder, ['point_coords', 'point_labels'], [], 'decoder');
    const masks = ['mask_input', 'has_mask_input', 'input_masks', 'has_input_masks'].filter((n) => find(decoder.inputs, n));
    if (masks.join() !== 'mask_input,has_mask_input' && masks.join() !== 'input_masks,has_input_masks') problems.push(`the decoder takes no mask input ('mask_input' and 'has_mask_input', or 'input_masks' and 'has_input_masks'; it takes ${names(decoder.inputs)})`);
    if (!find(decoder.outputs, 'low_res_masks') && !find(decoder.outputs, 'masks')) problems.push("the decoder has no output 'low_res_masks' or 'masks'");
    if (!find(decoder.outputs, 'iou_predictions') && !find(decoder.outputs, 'scores')) problems.push("the decoder has no output 'iou_predictions' or 'scores'");
    return problems;
  },
  encoderFeeds(encoder, rgb, frame) {
    return { [encoder.inputs[0]!.name]: new ort.Tensor('float32', normalisedPadded(rgb, frame, PIXEL_MEAN, PIXEL_STD), [1, 3, frame.size, frame.size]) };
  },
  maskInputSide: declaredMaskSide,
  decoderFeeds(decoder, embedding, prompt, frame, maskInput) {
    const side = declaredMaskSide(decoder)!;
    const size = find(decoder.inputs, 'orig_im_size') ?? find(decoder.inputs, 'original_image_size');
    return declaredOnly(decoder, {
      ...embeddingFeeds(embedding),
      ...samPromptFeeds(decoder, prompt, frame, side, maskInput, false),
      ...(size ? { [size.name]: sizeTensor(size.type, side, side) } : {}),
    });
  },
  // An export with only 'masks' keeps its graph whole: both names must be declared.
  decoderReads: ['low_res_masks', 'iou_predictions'],
  readMask(outputs, frame) {
    const masks = outputs.low_res_masks !== undefined ? 'low_res_masks' : 'masks';
    const scores = outputs.iou_predictions !== undefined ? 'iou_predictions' : 'scores';
    const best = bestCandidate(floats(outputs[masks], masks), floats(outputs[scores], scores));
    return { mask: wholeInput(best.logits, best.w, best.h, frame), score: best.score, lowRes: Float32Array.from(best.logits) };
  },
};

export const ASSIST_ADAPTERS: Readonly<Record<AssistFormat, AssistAdapter>> = {
  sam: samAdapter,
  sam2: sam2Adapter,
  efficientsam: efficientSamAdapter,
  'transformers-sam': transformersSamAdapter,
};

/** Decoder inputs a prompt or the frame fills, in every layout; the decoder's other inputs come from the encoder. */
const PROMPT_INPUTS: ReadonlySet<string> = new Set([
  'point_coords',
  'point_labels',
  'mask_input',
  'has_mask_input',
  'orig_im_size',
  'batched_point_coords',
  'batched_point_labels',
  'input_points',
  'input_labels',
  'input_boxes',
  'input_masks',
  'has_input_masks',
  'original_image_size',
]);

/** Whether an encoder output of shape `a` can feed a decoder input of shape `b`: same rank, equal where both are fixed. */
function shapeFits(a: TensorInfo['shape'], b: TensorInfo['shape']): boolean {
  return a.length === b.length && a.every((d, i) => typeof d !== 'number' || typeof b[i] !== 'number' || d === b[i]);
}

/**
 * Which encoder output feeds which decoder input. By name first; then each embedding input the
 * decoder still lacks takes the one unpaired encoder output whose declared shape fits it (an
 * exporter that names its outputs differently, an .ort file read by position), or the lone
 * unpaired output when one is left for one input. Problems when the pair does not fit, in words.
 */
export function pairEmbedding(encoder: Signature, decoder: Signature): { pairs: Array<[string, string]>; problems: string[] } {
  const wanted = decoder.inputs.filter((t) => !PROMPT_INPUTS.has(t.name));
  const pairs: Array<[string, string]> = wanted.filter((t) => find(encoder.outputs, t.name)).map((t) => [t.name, t.name]);
  const unfed = wanted.filter((t) => !find(encoder.outputs, t.name));
  const unused = encoder.outputs.filter((o) => !pairs.some(([out]) => out === o.name));
  if (unfed.length === 1 && unused.length === 1) pairs.push([unused[0]!.name, unfed[0]!.name]);
  else {
    for (const input of unfed) {
      const fits = unused.filter((o) => shapeFits(o.shape, input.shape));
      const rivals = unfed.filter((other) => fits.length === 1 && shapeFits(fits[0]!.shape, other.shape));
      if (fits.length === 1 && rivals.length === 1) pairs.push([fits[0]!.name, input.name]);
    }
  }
  if (pairs.length === 0) return { pairs, problems: [`the decoder takes none of the encoder's outputs (${names(encoder.outputs)}): they are not an encoder/decoder pair`] };
  const problems: string[] = [];
  const left = unfed.filter((t) => !pairs.some(([, into]) => into === t.name));
  if (left.length) problems.push(`no output of the encoder (${names(encoder.outputs)}) fits the decoder's ${names(left)}: they are not an encoder/decoder pair`);
  for (const [out, into] of pairs) {
    // The worker hands embeddings over (and caches them) as float32.
    const type = find(encoder.outputs, out)!.type;
    if (type !== 'float32') problems.push(`the encoder's '${out}' is ${type}; Faultline takes float32 embeddings (use the float32 export)`);
    const a = find(encoder.outputs, out)!.shape;
    const b = find(decoder.inputs, into)!.shape;
    if (a.length > 0 && b.length > 0 && !shapeFits(a, b)) {
      problems.push(`the encoder's '${out}' is (${a.join(', ')}) but the decoder's '${into}' takes (${b.join(', ')}): they are not an encoder/decoder pair`);
    }
  }
  return { pairs, problems };
}
