import type { ModelCardOutput, OutputKind } from './modelCard.js';
import { halfToFloat } from './float16.js';

/** What the score pipeline (softmax, entropy, margin, stored probabilities) takes. */
export type ScoreKind = 'logits' | 'probabilities';

/**
 * A binary logit z becomes the two logits (0, z), whose softmax is (1 − σ(z), σ(z)); a
 * sigmoid p becomes the probabilities (1 − p, p); class ids become one-hot probabilities.
 */
export function scoreKind(kind: OutputKind): ScoreKind {
  return kind === 'logits' || kind === 'binary_logit' ? 'logits' : 'probabilities';
}

/** Channels the output's channel axis holds: one for the one-channel kinds and class ids, else one per class. */
export function outputChannels(kind: OutputKind, classes: number): number {
  return kind === 'logits' || kind === 'probabilities' ? classes : 1;
}

export interface OutputAxes {
  n: number;
  c: number;
  h: number;
  w: number;
}

/** The output's batch, channel, height and width under `layout`; null when its rank does not fit the layout. */
export function outputAxes<T>(dims: readonly T[], layout: ModelCardOutput['layout']): { n: T; c: T | 1; h: T; w: T } | null {
  if (layout === 'NHW') return dims.length === 3 ? { n: dims[0]!, c: 1, h: dims[1]!, w: dims[2]! } : null;
  if (dims.length !== 4) return null;
  return layout === 'NCHW' ? { n: dims[0]!, c: dims[1]!, h: dims[2]!, w: dims[3]! } : { n: dims[0]!, c: dims[3]!, h: dims[1]!, w: dims[2]! };
}

/** An output tensor as onnxruntime gives it. */
export interface RawOutput {
  type: string;
  data: ArrayLike<number | bigint>;
  dims: readonly number[];
}

/** The output as channel-major (N, K, H, W) float32 scores, K the card's class count. */
export interface ScoreOutput {
  data: Float32Array;
  dims: [number, number, number, number];
  kind: ScoreKind;
}

const FLOAT_TYPES = new Set(['float32', 'float16']);
const ID_TYPES = new Set(['int32', 'int64', 'uint8']);

/** Element reader; float16 arrives as uint16 bit patterns, int64 as bigints. */
function reader(raw: RawOutput): (i: number) => number {
  const { data } = raw;
  if (raw.type === 'float16') return (i) => halfToFloat(Number(data[i]!));
  if (raw.type === 'int64') return (i) => Number(data[i]!);
  return (i) => data[i] as number;
}

/**
 * Turns whatever the card says the output holds (any kind, layout, float32/float16 or integer
 * ids) into the channel-major scores of K classes the rest of inference reads. Throws with a
 * message for an output that does not match the card. A float32 NCHW score map is returned as
 * it is, without a copy.
 */
export function toScores(raw: RawOutput, output: ModelCardOutput, classes: number): ScoreOutput {
  const { tensorName, kind, layout } = output;
  const shape = raw.dims.join('×');
  const ids = kind === 'class_ids';
  if (ids ? !ID_TYPES.has(raw.type) : !FLOAT_TYPES.has(raw.type)) {
    throw new Error(`output '${tensorName}' is ${raw.type}; output.kind '${kind}' needs ${ids ? 'int32, int64 or uint8' : 'float32 or float16'}`);
  }
  const axes = outputAxes(raw.dims, layout);
  const channels = outputChannels(kind, classes);
  if (axes === null || axes.c !== channels) throw new Error(`output '${tensorName}' has shape ${shape}, expected ${layout} with ${channels} channel${channels === 1 ? '' : 's'}`);
  const { n, h, w } = axes;
  const dims: [number, number, number, number] = [n, classes, h, w];
  const scores = scoreKind(kind);
  if (raw.type === 'float32' && layout === 'NCHW' && channels === classes) return { data: raw.data as Float32Array, dims, kind: scores };
  const read = reader(raw);
  const pixels = h * w;
  const out = new Float32Array(n * classes * pixels);
  // Source index of (image i, channel c, pixel p) under the layout.
  const at = layout === 'NHWC' ? (i: number, c: number, p: number) => (i * pixels + p) * channels + c : (i: number, c: number, p: number) => (i * channels + c) * pixels + p;
  for (let i = 0; i < n; i++) {
    const base = i * classes * pixels;
    for (let p = 0; p < pixels; p++) {
      if (kind === 'logits' || kind === 'probabilities') {
        for (let c = 0; c < classes; c++) out[base + c * pixels + p] = read(at(i, c, p));
      } else if (kind === 'sigmoid') {
        const q = read(at(i, 0, p));
        out[base + p] = 1 - q;
        out[base + pixels + p] = q;
      } else if (kind === 'binary_logit') {
        out[base + pixels + p] = read(at(i, 0, p));
      } else {
        const id = read(at(i, 0, p));
        if (!(Number.isInteger(id) && id >= 0 && id < classes)) {
          throw new Error(`output '${tensorName}' holds class id ${id} but the card lists classes 0..${classes - 1}`);
        }
        out[base + id * pixels + p] = 1;
      }
    }
  }
  return { data: out, dims, kind: scores };
}
