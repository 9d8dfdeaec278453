import onnxProto from 'onnx-proto';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { ModelCard, ModelCardHead } from '../../../shared/models/modelCard.js';
import { floatProblem, locateInitializers, readFloats, type LocatedInitializer } from './initializerBytes.js';

const { onnx } = onnxProto;

/** The classifier a fine-tune refits: where its weights live in the file and their current values. */
export interface HeadWeights {
  head: ModelCardHead;
  classes: number;
  channels: number;
  weightTensor: LocatedInitializer;
  biasTensor: LocatedInitializer;
  /** Row-major classes × channels. */
  weight: Float32Array;
  bias: Float32Array;
}

function unsupported(model: string, detail: string): never {
  throw new FaultlineError('unsupported', `${model} cannot be fine-tuned in the app: ${detail}`);
}

/** The head of a model card, or a clear refusal naming what is missing. */
export function requireHead(card: ModelCard, model: string): ModelCardHead {
  if (!card.head) {
    unsupported(model, 'its card names no classifier head (head.featureTensor, weightInitializer, biasInitializer). Fine-tune it outside the app on the exported data, then import the result.');
  }
  return card.head;
}

/**
 * Finds the card's classifier initializers in the file and checks them: a K×C×1×1 float weight
 * and a K float bias, with K the card's classes and C its feature channels.
 */
export function readHeadWeights(bytes: Uint8Array, card: ModelCard, model: string): HeadWeights {
  const head = requireHead(card, model);
  const classes = card.classes.length;
  const channels = head.featureChannels;
  let located: LocatedInitializer[];
  try {
    located = locateInitializers(bytes);
  } catch (error) {
    unsupported(model, `its file cannot be read as ONNX (${(error as Error).message}).`);
  }
  const find = (name: string, what: string, dims: number[]): LocatedInitializer => {
    const tensor = located.find((t) => t.name === name);
    if (!tensor) unsupported(model, `the ${what} initializer '${name}' named by its card is not in the graph.`);
    const problem = floatProblem(tensor);
    if (problem) unsupported(model, `the ${what} initializer '${name}' cannot be rewritten: ${problem}.`);
    if (tensor.dims.join('×') !== dims.join('×')) {
      unsupported(model, `the ${what} initializer '${name}' has shape ${tensor.dims.join('×')}; a 1×1 classifier over ${channels} features into ${classes} classes has ${dims.join('×')}.`);
    }
    return tensor;
  };
  const weightTensor = find(head.weightInitializer, 'classifier weight', [classes, channels, 1, 1]);
  const biasTensor = find(head.biasInitializer, 'classifier bias', [classes]);
  return { head, classes, channels, weightTensor, biasTensor, weight: readFloats(bytes, weightTensor), bias: readFloats(bytes, biasTensor) };
}

/**
 * The same model with the feature tensor (the head's or the tail's) added as a graph output, so
 * one run gives the per-pixel features. Only for feature extraction in memory: the file written
 * after a fine-tune is the original with patched values, never this re-encoding. A feature
 * tensor that is a graph input needs no output: the worker reads it from the input it feeds.
 */
export function withFeatureOutput(bytes: Uint8Array, features: { featureTensor: string }, model: string): Uint8Array {
  const proto = onnx.ModelProto.decode(bytes);
  const graph = proto.graph;
  if (!graph) unsupported(model, 'its file holds no graph.');
  if ((graph.input ?? []).some((i) => i.name === features.featureTensor)) return bytes;
  const produced = new Set((graph.node ?? []).flatMap((n) => n.output ?? []));
  if (!produced.has(features.featureTensor)) unsupported(model, `no node of its graph produces the feature tensor '${features.featureTensor}' named by its card.`);
  if (!(graph.output ?? []).some((o) => o.name === features.featureTensor)) {
    graph.output = [...(graph.output ?? []), { name: features.featureTensor, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }];
  }
  return onnx.ModelProto.encode(proto).finish();
}
