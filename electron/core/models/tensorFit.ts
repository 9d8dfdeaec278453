import type { ModelCard } from '../../../shared/models/modelCard.js';
import { outputAxes, outputChannels } from '../../../shared/models/outputScores.js';
import type { RefusalReason } from './modelRefusal.js';
import type { GraphDim } from './onnxModelInfo.js';

/** Why a tensor does not fit the card, with the fix; null when it fits. */
export type Misfit = { reason: RefusalReason; detail: string } | null;

/** ONNX element type names as the card and onnxruntime spell them. */
const TYPE_NAMES: Record<string, string> = {
  FLOAT: 'float32',
  FLOAT16: 'float16',
  DOUBLE: 'float64',
  BFLOAT16: 'bfloat16',
  UINT8: 'uint8',
  INT8: 'int8',
  INT32: 'int32',
  INT64: 'int64',
  BOOL: 'bool',
};

/** An element type in the card's spelling ('FLOAT' and 'float32' both give 'float32'). */
export function typeName(elemType: string): string {
  return TYPE_NAMES[elemType] ?? elemType.toLowerCase();
}

const FLOAT_TYPES = new Set(['float32', 'float16']);
const ID_TYPES = new Set(['int32', 'int64', 'uint8']);

export function shape(dims: readonly GraphDim[]): string {
  return dims.map((d) => (d === null ? '?' : String(d))).join('×');
}

function fits(dim: GraphDim | undefined, size: number): boolean {
  return typeof dim !== 'number' || dim === size;
}

function channelWord(n: number): string {
  return n === 1 ? 'one channel' : `${n} channels`;
}

function outputTypeMisfit(type: string, card: ModelCard, rank: number | null): Misfit {
  const { tensorName, kind } = card.output;
  if (kind === 'class_ids') {
    if (ID_TYPES.has(type)) return null;
    const fix = FLOAT_TYPES.has(type) ? ": a float output holds scores: set output.kind to 'logits', 'probabilities', 'sigmoid' or 'binary_logit'" : '';
    return { reason: 'output_type', detail: `output '${tensorName}' holds ${type} but output.kind 'class_ids' needs int32, int64 or uint8${fix}.` };
  }
  if (FLOAT_TYPES.has(type)) return null;
  const fix = ID_TYPES.has(type) ? `: an integer output holds class ids (the argmax is in the graph): set output.kind to 'class_ids'${rank === 3 ? " and output.layout to 'NHW'" : ''}` : '';
  return { reason: 'output_type', detail: `output '${tensorName}' holds ${type} but output.kind '${kind}' needs float32 or float16${fix}.` };
}

function rankMisfit(dims: readonly GraphDim[], card: ModelCard, seen: string): Misfit {
  const { tensorName, kind, layout } = card.output;
  const rank = dims.length;
  const wanted = layout === 'NHW' ? 3 : 4;
  if (rank === wanted) return null;
  const head = `output '${tensorName}' ${seen} rank ${rank} (${shape(dims)}) but output.layout '${layout}' has rank ${wanted}`;
  if (layout === 'NHW') return { reason: 'output_rank', detail: `${head}${rank === 4 ? ": set output.layout to 'NCHW' or 'NHWC' (class ids with a channel axis of 1)" : ''}.` };
  if (rank === 3 && kind === 'class_ids') return { reason: 'output_rank', detail: `${head}: set output.layout to 'NHW' (class ids without a channel axis).` };
  const fix = rank === 3 ? "; a rank-3 output holds class ids (set output.kind to 'class_ids' and output.layout to 'NHW') or is not a per-pixel map" : '; a score map has rank 4 (N, K, H, W or N, H, W, K)';
  return { reason: 'output_rank', detail: `${head}${fix}.` };
}

function channelMisfit(dims: readonly GraphDim[], card: ModelCard, seen: string): Misfit {
  const { tensorName, kind, layout } = card.output;
  const classes = card.classes.length;
  const expected = outputChannels(kind, classes);
  const c = outputAxes(dims, layout)!.c;
  if (fits(c ?? undefined, expected)) return null;
  const s = shape(dims);
  const other = layout === 'NCHW' ? 'NHWC' : layout === 'NHWC' ? 'NCHW' : null;
  const otherC = other === null ? null : outputAxes(dims, other)!.c;
  const looks = other === 'NHWC' ? 'channels-last' : 'channels-first';
  if (other !== null && otherC === expected) {
    return {
      reason: 'output_layout',
      detail: `output '${tensorName}' looks ${looks} (${s}): read as ${layout} it ${seen} ${c} channels, read as ${other} ${channelWord(expected)} as the card expects: set output.layout to '${other}'.`,
    };
  }
  const multi = kind === 'logits' || kind === 'probabilities';
  if (multi && (c === 1 || otherC === 1)) {
    const layoutFix = c === 1 ? '' : ` and output.layout to '${other}'`;
    return {
      reason: 'output_kind',
      detail: `output '${tensorName}' ${seen} one channel (${s}) but output.kind '${kind}' needs one per class (${classes}): a one-channel output is a foreground score: set output.kind to 'sigmoid' (a probability) or 'binary_logit' (a logit)${layoutFix}, with two classes (background id 0, foreground id 1).`,
    };
  }
  if (!multi && c === 2) {
    return {
      reason: 'output_kind',
      detail: `output '${tensorName}' ${seen} 2 channels (${s}) but output.kind '${kind}' reads one channel: set output.kind to 'logits' or 'probabilities' (two classes, one per channel).`,
    };
  }
  const fix = multi && typeof c === 'number' ? `: list ${c} classes (ids 0..${c - 1}, one per channel)` : `; output.kind '${kind}' reads ${channelWord(expected)}`;
  return { reason: 'class_count', detail: `output '${tensorName}' ${seen} ${c} channels (${s}) read as ${layout} but the card lists ${classes} classes${fix}.` };
}

/**
 * Whether an output (declared in the graph, or seen on the dry run) can be read as the card
 * says: element type for the kind, rank for the layout, channels for the kind and classes. A
 * misfit names the card field to change: a channels-last output read as NCHW suggests
 * output.layout NHWC, a one-channel output with kind 'logits' suggests 'sigmoid' or 'binary_logit'.
 */
export function outputMisfit(dims: readonly GraphDim[] | null, elemType: string | null, card: ModelCard, when: 'declared' | 'dry run' | 'preview'): Misfit {
  const seen = when === 'declared' ? 'is declared with' : 'came out with';
  const typed = elemType === null ? null : outputTypeMisfit(typeName(elemType), card, dims?.length ?? null);
  if (typed) return typed;
  if (dims === null) return null;
  const misfit = rankMisfit(dims, card, seen) ?? channelMisfit(dims, card, seen);
  return misfit && when !== 'declared' ? { ...misfit, detail: `on the ${when}, ${misfit.detail}` } : misfit;
}

/**
 * Whether the card's embedding tensor (declared in the graph, or seen on the dry run) can be
 * pooled: a float32 or float16 map of rank 4. Null when it can, or when the card names none.
 */
export function embeddingMisfit(dims: readonly GraphDim[] | null, elemType: string | null, card: ModelCard, when: 'declared' | 'dry run' | 'preview'): Misfit {
  if (!card.embedding) return null;
  const { tensorName } = card.embedding;
  const on = when === 'declared' ? '' : `on the ${when}, `;
  const type = elemType === null ? null : typeName(elemType);
  if (type !== null && !FLOAT_TYPES.has(type)) {
    return { reason: 'embedding', detail: `${on}embedding '${tensorName}' holds ${type}; embedding.tensorName must name a float32 or float16 feature map: name another tensor, or leave embedding out.` };
  }
  if (dims === null || dims.length === 4) return null;
  return {
    reason: 'embedding',
    detail: `${on}embedding '${tensorName}' ${when === 'declared' ? 'is declared with' : 'came out with'} rank ${dims.length} (${shape(dims)}); embedding.tensorName must name a rank-4 feature map (N×C×H×W, or N×H×W×C with embedding.layout 'NHWC'): name another tensor, such as the input of the final convolution, or leave embedding out.`,
  };
}

const INPUT_TYPES: Record<string, ModelCard['input']['dataType']> = { float32: 'float32', float16: 'float16', uint8: 'uint8' };

/** Whether the graph input fits the card's element type, layout, channels and size. */
export function inputMisfit(elemType: string | null, dims: readonly GraphDim[] | null, card: ModelCard): Misfit {
  const { tensorName, layout, width, height, dataType, channelOrder } = card.input;
  if (elemType !== null) {
    const type = typeName(elemType);
    if (type !== dataType) {
      const supported = INPUT_TYPES[type];
      const fix = supported ? `: set input.dataType to '${supported}'` : ' (the card supports float32, float16 and uint8)';
      return { reason: 'input_mismatch', detail: `input '${tensorName}' holds ${type} but the card says input.dataType '${dataType}'${fix}.` };
    }
  }
  if (dims === null) return null;
  const s = shape(dims);
  if (dims.length !== 4) return { reason: 'input_mismatch', detail: `input '${tensorName}' has rank ${dims.length} (${s}); the card describes a rank-4 ${layout} image tensor.` };
  const channels = channelOrder === 'grey' ? 1 : 3;
  const [c, h, w] = layout === 'NCHW' ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
  if (!fits(c ?? undefined, channels)) {
    const otherC = layout === 'NCHW' ? dims[3] : dims[1];
    const other = layout === 'NCHW' ? 'NHWC' : 'NCHW';
    const fix =
      otherC === channels
        ? `; it looks ${other === 'NHWC' ? 'channels-last' : 'channels-first'}: set input.layout to '${other}'`
        : c === 1 || otherC === 1
          ? `; a one-channel input takes grey images: set input.channelOrder to 'grey'${c === 1 ? '' : ` and input.layout to '${other}'`}`
          : '';
    return { reason: 'input_mismatch', detail: `input '${tensorName}' is ${s}: ${c} channels where the card's ${layout} layout needs ${channels}${fix}.` };
  }
  if (!fits(h ?? undefined, height) || !fits(w ?? undefined, width)) {
    return { reason: 'input_mismatch', detail: `input '${tensorName}' is ${s} but the card says ${layout} with height ${height} and width ${width}: set input.height and input.width to the graph's.` };
  }
  return null;
}
