import type { ModelCard, OutputKind } from '../../../shared/models/modelCard.js';
import type { GraphDim, GraphTensor, OnnxModelInfo } from './onnxModelInfo.js';
import { typeName } from './tensorFit.js';

/** A version-2 card with every field written out, as `models add` reads it back. */
export type CardJson = ModelCard;

/** A card drafted from the graph, with the path of every field that was guessed rather than read. */
export interface DraftCard {
  card: CardJson;
  unsure: string[];
}

/** Size used for an input whose height or width is symbolic. */
const DEFAULT_SIZE = 512;
const PALETTE = ['#000000', '#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe', '#008080', '#e6beff'];

function colour(id: number): string {
  if (id < PALETTE.length) return PALETTE[id]!;
  const v = (id * 2654435761) >>> 8;
  return `#${(v & 0xffffff).toString(16).padStart(6, '0')}`;
}

function isSmallChannel(d: GraphDim | undefined): boolean {
  return d === 1 || d === 3;
}

function draftInput(input: GraphTensor | undefined, unsure: string[]): CardJson['input'] {
  if (input === undefined) {
    unsure.push('input');
    return { tensorName: 'input', width: DEFAULT_SIZE, height: DEFAULT_SIZE, resize: 'stretch', kernel: 'bilinear', padColour: [0, 0, 0], channelOrder: 'RGB', layout: 'NCHW', dataType: 'float32', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
  }
  const dims = input.dims ?? [];
  const type = input.elemType === null ? 'float32' : typeName(input.elemType);
  const dataType = type === 'float16' || type === 'uint8' ? type : 'float32';
  if (type !== dataType) unsure.push('input.dataType');
  // Channels first is certain only when the second dimension looks like channels and the last does not.
  const nchw = isSmallChannel(dims[1]) || !isSmallChannel(dims[3]);
  if (!(isSmallChannel(dims[1]) && !isSmallChannel(dims[3]))) unsure.push('input.layout');
  const [c, h, w] = nchw ? [dims[1], dims[2], dims[3]] : [dims[3], dims[1], dims[2]];
  const grey = c === 1;
  if (!grey) unsure.push('input.channelOrder');
  const size = (d: GraphDim | undefined, field: string): number => {
    if (typeof d === 'number' && d > 0) return d;
    unsure.push(field);
    return DEFAULT_SIZE;
  };
  const height = size(h, 'input.height');
  const width = size(w, 'input.width');
  unsure.push('input.resize', 'input.kernel');
  const uint8 = dataType === 'uint8';
  if (!uint8) unsure.push('input.scale', 'input.mean', 'input.std');
  return {
    tensorName: input.name,
    width,
    height,
    resize: 'stretch',
    kernel: 'bilinear',
    padColour: [0, 0, 0],
    channelOrder: grey ? 'grey' : 'RGB',
    layout: nchw ? 'NCHW' : 'NHWC',
    dataType,
    scale: uint8 ? 1 : 1 / 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
  };
}

/** The output most likely to be the segmentation: rank 3 or 4 with spatial dimensions, the first such. */
function pickOutput(outputs: readonly GraphTensor[], unsure: string[]): GraphTensor | undefined {
  const maps = outputs.filter((o) => o.dims === null || o.dims.length === 3 || o.dims.length === 4);
  if (outputs.length > 1) unsure.push('output.tensorName');
  return maps[0] ?? outputs[0];
}

/**
 * Channels first or last: a symbolic dimension is not the channel axis; else the smaller of the
 * second and last dimensions is taken for channels when that agrees with the input's layout
 * (sure), or when it is far smaller (unsure); otherwise the input's layout (unsure).
 */
function outputLayout(dims: readonly GraphDim[] | null, inputLayout: 'NCHW' | 'NHWC', unsure: string[]): 'NCHW' | 'NHWC' {
  if (dims?.length !== 4) {
    unsure.push('output.layout');
    return inputLayout;
  }
  const [first, last] = [dims[1], dims[3]];
  if (typeof first === 'number' && typeof last !== 'number') return 'NCHW';
  if (typeof last === 'number' && typeof first !== 'number') return 'NHWC';
  const bySize = typeof first === 'number' && typeof last === 'number' && first !== last ? (first < last ? 'NCHW' : 'NHWC') : null;
  if (bySize === inputLayout) return bySize;
  unsure.push('output.layout');
  if (bySize !== null && Math.max(first as number, last as number) >= 8 * Math.min(first as number, last as number)) return bySize;
  return inputLayout;
}

const KIND_BY_PRODUCER: Record<string, OutputKind> = { Softmax: 'probabilities', Sigmoid: 'sigmoid', ArgMax: 'class_ids' };

function draftOutput(output: GraphTensor | undefined, producer: string | undefined, inputLayout: 'NCHW' | 'NHWC', unsure: string[]): { output: CardJson['output']; classes: number } {
  if (output === undefined) {
    unsure.push('output', 'classes');
    return { output: { tensorName: 'output', kind: 'logits', layout: 'NCHW' }, classes: 2 };
  }
  const type = output.elemType === null ? 'float32' : typeName(output.elemType);
  const dims = output.dims;
  const ids = type === 'int32' || type === 'int64' || type === 'uint8';
  if (ids) {
    unsure.push('classes');
    const layout = dims?.length === 3 ? 'NHW' : dims?.[3] === 1 && dims[1] !== 1 ? 'NHWC' : 'NCHW';
    return { output: { tensorName: output.name, kind: 'class_ids', layout }, classes: 2 };
  }
  const layout = outputLayout(dims, inputLayout, unsure);
  const channels = dims?.length === 4 ? (layout === 'NCHW' ? dims[1] : dims[3]) : null;
  const byProducer = producer === undefined ? undefined : KIND_BY_PRODUCER[producer];
  if (channels === 1) {
    const kind = byProducer === 'sigmoid' ? 'sigmoid' : 'binary_logit';
    if (byProducer !== 'sigmoid') unsure.push('output.kind');
    return { output: { tensorName: output.name, kind, layout }, classes: 2 };
  }
  const kind = byProducer === 'probabilities' ? 'probabilities' : 'logits';
  if (byProducer !== 'probabilities') unsure.push('output.kind');
  if (typeof channels === 'number' && channels >= 2) return { output: { tensorName: output.name, kind, layout }, classes: channels };
  unsure.push('classes');
  return { output: { tensorName: output.name, kind, layout }, classes: 2 };
}

/**
 * An embedding for slices, when the graph has another rank-4 float output besides the one read
 * (a feature map or side output, as ISNet and U²-Net export theirs): the one with the most
 * channels, in the output's layout. Always unsure: the graph cannot say the tensor is a good
 * description of an image; but pooling it is cheap, and slices then never run the model again.
 */
function draftEmbedding(outputs: readonly GraphTensor[], picked: GraphTensor | undefined, layout: CardJson['output']['layout'], unsure: string[]): CardJson['embedding'] {
  const embeddingLayout = layout === 'NHWC' ? 'NHWC' : 'NCHW';
  const channels = (t: GraphTensor): number => {
    const c = t.dims?.[embeddingLayout === 'NCHW' ? 1 : 3];
    return typeof c === 'number' ? c : 0;
  };
  const maps = outputs.filter((o) => o !== picked && o.dims?.length === 4 && (o.elemType === null || ['float32', 'float16'].includes(typeName(o.elemType))));
  if (maps.length === 0) return undefined;
  const best = maps.reduce((a, b) => (channels(b) > channels(a) ? b : a));
  unsure.push('embedding');
  return { tensorName: best.name, layout: embeddingLayout };
}

/** A model name from a file stem: a plain file-name stem as the card requires. */
function nameFromStem(stem: string): string {
  const name = stem.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return name === '' ? 'model' : name;
}

/**
 * A complete, valid card for a graph, read from what it declares: input and output names,
 * element types, sizes, layouts (channels where a dimension of 1 or 3 says so), kind from the
 * operator that produces the output (Softmax, Sigmoid, ArgMax) or logits, and placeholder
 * classes class0, class1, … in the count the output implies (two for one channel), and an
 * embedding when another rank-4 output is there (draftEmbedding). Every field
 * the graph does not settle is listed in `unsure`: preprocessing constants always are.
 */
export function draftCard(info: OnnxModelInfo, stem: string): DraftCard {
  const unsure: string[] = [];
  if (info.inputs.length > 1) unsure.push('input.tensorName');
  const input = draftInput(info.inputs[0], unsure);
  const picked = pickOutput(info.outputs, unsure);
  const { output, classes } = draftOutput(picked, picked === undefined ? undefined : info.outputProducers[picked.name], input.layout, unsure);
  const embedding = draftEmbedding(info.outputs, picked, output.layout, unsure);
  const card: CardJson = {
    cardVersion: 2,
    name: nameFromStem(stem),
    version: '1',
    description: `Draft card from \`faultline models inspect\`${info.producer ? ` (exported by ${info.producer})` : ''}; rename the classes and check every field listed as unsure.`,
    classes: Array.from({ length: classes }, (_, id) => ({ id, name: `class${id}`, color: colour(id), superclass: null })),
    input,
    output,
    ...(embedding ? { embedding } : {}),
    ignoreIndex: 255,
  };
  return { card, unsure: [...new Set(unsure)] };
}
