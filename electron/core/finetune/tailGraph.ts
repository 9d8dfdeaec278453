import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ModelCard, ModelCardTail } from '../../../shared/models/modelCard.js';
import type { TailLayer } from './fitTail.js';
import { readHeadWeights } from './headGraph.js';
import { floatProblem, locateInitializers, readFloats, type LocatedInitializer } from './initializerBytes.js';

const { onnx } = onnxProto;

/** What a fine-tune refits: the final classifier alone, or the card's whole trainable tail. */
export type Trainable = 'head' | 'tail';

/** The layers a fine-tune refits, where their values lie in the file, and the tensor that feeds them. */
export interface TrainableWeights {
  trainable: Trainable;
  featureTensor: string;
  featureChannels: number;
  layers: TailLayer[];
  tensors: Array<{ weight: LocatedInitializer; bias: LocatedInitializer }>;
}

function unsupported(model: string, detail: string): never {
  throw new FaultlineError('unsupported', `${model} cannot be fine-tuned in the app: ${detail}`);
}

/** The default of a fine-tune: the tail where the card names one, else the head. */
export function defaultTrainable(card: ModelCard): Trainable {
  return card.tail ? 'tail' : 'head';
}

const ints = (a: OnnxTypes.IAttributeProto | undefined): number[] => (a?.ints ?? []).map(Number);

/**
 * Checks that the graph computes what the card says: from the feature tensor, each layer's Conv
 * (1×1, stride 1, one group, the named weight and bias) then its Relu when named, each tensor in
 * between read by that next node only, so refitting the tail changes nothing else of the model.
 */
function checkTailNodes(bytes: Uint8Array, tail: ModelCardTail, model: string): void {
  const graph = onnx.ModelProto.decode(bytes).graph;
  if (!graph) unsupported(model, 'its file holds no graph.');
  const nodes = graph.node ?? [];
  const readers = (tensor: string) => nodes.filter((n) => (n.input ?? []).includes(tensor));
  let current = tail.featureTensor;
  for (const [i, layer] of tail.layers.entries()) {
    const conv = nodes.find((n) => n.opType === 'Conv' && n.input?.[1] === layer.weightInitializer);
    const where = `tail layer ${i + 1} (${layer.weightInitializer})`;
    if (!conv) unsupported(model, `no Conv of its graph uses the weight '${layer.weightInitializer}' of ${where}.`);
    if (conv.input?.[0] !== current) unsupported(model, `the Conv of ${where} reads '${conv.input?.[0]}', not '${current}' as the card's chain says.`);
    if (conv.input?.[2] !== layer.biasInitializer) unsupported(model, `the Conv of ${where} has no bias '${layer.biasInitializer}'.`);
    const attr = (name: string) => conv.attribute?.find((a) => a.name === name);
    const group = attr('group');
    const pointwise =
      (group === undefined || Number(group.i) === 1) &&
      ints(attr('strides')).every((s) => s === 1) &&
      ints(attr('dilations')).every((d) => d === 1) &&
      (attr('kernel_shape') === undefined || ints(attr('kernel_shape')).every((k) => k === 1));
    if (!pointwise) unsupported(model, `the Conv of ${where} is not a plain 1×1 convolution (kernel 1×1, stride 1, one group).`);
    if (i > 0 && readers(current).length !== 1) unsupported(model, `the tensor '${current}' inside the tail is read by more than the next layer.`);
    current = conv.output![0]!;
    if (layer.relu) {
      const next = readers(current);
      if (next.length !== 1 || next[0]!.opType !== 'Relu') unsupported(model, `${where} is not followed by one Relu as the card says.`);
      current = next[0]!.output![0]!;
    }
  }
}

/**
 * Reads and checks the initializers of the tail named by the card: K×C float weights of 1×1
 * Convs that chain from the feature channels to the classes, and their biases.
 */
function readTail(bytes: Uint8Array, card: ModelCard, model: string): TrainableWeights {
  const tail = card.tail;
  if (!tail) unsupported(model, 'its card names no trainable tail (tail.featureTensor, featureChannels, layers); fine-tune the head alone.');
  let located: LocatedInitializer[];
  try {
    located = locateInitializers(bytes);
  } catch (error) {
    unsupported(model, `its file cannot be read as ONNX (${(error as Error).message}).`);
  }
  const classes = card.classes.length;
  const layers: TailLayer[] = [];
  const tensors: TrainableWeights['tensors'] = [];
  let width = tail.featureChannels;
  for (const [i, spec] of tail.layers.entries()) {
    const find = (name: string): LocatedInitializer => {
      const tensor = located.find((t) => t.name === name);
      if (!tensor) unsupported(model, `the initializer '${name}' of tail layer ${i + 1} named by its card is not in the graph.`);
      const problem = floatProblem(tensor);
      if (problem) unsupported(model, `the initializer '${name}' of tail layer ${i + 1} cannot be rewritten: ${problem}.`);
      return tensor;
    };
    const weight = find(spec.weightInitializer);
    const bias = find(spec.biasInitializer);
    const out = weight.dims[0] ?? 0;
    const last = i === tail.layers.length - 1;
    if (weight.dims.length !== 4 || weight.dims[1] !== width || weight.dims[2] !== 1 || weight.dims[3] !== 1 || (last && out !== classes)) {
      unsupported(model, `the weight '${spec.weightInitializer}' of tail layer ${i + 1} has shape ${weight.dims.join('×')}; it must be ${last ? classes : 'out'}×${width}×1×1.`);
    }
    if (bias.dims.join('×') !== String(out)) unsupported(model, `the bias '${spec.biasInitializer}' of tail layer ${i + 1} has shape ${bias.dims.join('×')}, not ${out}.`);
    layers.push({ weight: readFloats(bytes, weight), bias: readFloats(bytes, bias), out, in: width, relu: spec.relu });
    tensors.push({ weight, bias });
    width = out;
  }
  checkTailNodes(bytes, tail, model);
  return { trainable: 'tail', featureTensor: tail.featureTensor, featureChannels: tail.featureChannels, layers, tensors };
}

/** The layers a fine-tune of `trainable` refits, read from the file and checked against the card. */
export function readTrainableWeights(bytes: Uint8Array, card: ModelCard, model: string, trainable: Trainable): TrainableWeights {
  if (trainable === 'tail') return readTail(bytes, card, model);
  const head = readHeadWeights(bytes, card, model);
  return {
    trainable,
    featureTensor: head.head.featureTensor,
    featureChannels: head.channels,
    layers: [{ weight: head.weight, bias: head.bias, out: head.classes, in: head.channels, relu: false }],
    tensors: [{ weight: head.weightTensor, bias: head.biasTensor }],
  };
}
