import { GraphBuilder, serializeModel } from '../../onnx/graphBuilder.js';
import type { Normalisation } from '../../onnx/preprocess.js';
import type { MlpWeights } from '../../training/pixelMlp.js';

export interface ImageSize {
  width: number;
  height: number;
}

/** Fixed (not fitted) per-pixel features computed by the front of a model's graph. */
export interface FeatureStage {
  tensor: string;
  channels: number;
}

/**
 * A segmentation model design: fixed feature layers, then a fitted 1×1 hidden layer with ReLU
 * (the named feature tensor) and a fitted 1×1 classifier. Designs differ in what the fixed
 * layers see: colour only, a 3×3 neighbourhood, the whole image, or texture energy.
 */
export interface ArchitectureDesign {
  name: string;
  description: string;
  /** Width of the fitted hidden layer (channels of the feature tensor). */
  hidden: number;
  normalisation: Normalisation;
  features(g: GraphBuilder, input: string, size: ImageSize): FeatureStage;
}

export const INPUT_TENSOR = 'image';
export const FEATURE_TENSOR = 'features';
export const OUTPUT_TENSOR = 'logits';
export const CLASSIFIER_WEIGHT = 'classifier.weight';
export const CLASSIFIER_BIAS = 'classifier.bias';
/** The fixed features as one named tensor, where the trainable tail (hidden layer + classifier) starts. */
export const TAIL_INPUT_TENSOR = 'tail_input';
export const HIDDEN_WEIGHT = 'hidden.weight';
export const HIDDEN_BIAS = 'hidden.bias';

/** The design's fixed layers alone, output = the fixed features; used to collect training data. */
export function buildFeatureExtractor(design: ArchitectureDesign, size: ImageSize): { bytes: Uint8Array; channels: number } {
  const g = new GraphBuilder(`${design.name}-features`);
  const input = g.input(INPUT_TENSOR, ['N', 3, size.height, size.width]);
  const stage = design.features(g, input, size);
  g.output(stage.tensor, ['N', stage.channels, size.height, size.width]);
  return { bytes: serializeModel(g.build({ producer: 'faultline-demo' })), channels: stage.channels };
}

/** The complete model with fitted weights; output (N, K, H, W) logits. */
export function buildSegmentationModel(design: ArchitectureDesign, size: ImageSize, weights: MlpWeights, classes: number): Uint8Array {
  const g = new GraphBuilder(design.name);
  const input = g.input(INPUT_TENSOR, ['N', 3, size.height, size.width]);
  const stage = design.features(g, input, size);
  if (weights.inputs !== stage.channels || weights.hidden !== design.hidden || weights.classes !== classes) {
    throw new Error(`weights ${weights.inputs}→${weights.hidden}→${weights.classes} do not fit ${design.name} (${stage.channels}→${design.hidden}→${classes})`);
  }
  const tailInput = g.node('Identity', [stage.tensor], {}, TAIL_INPUT_TENSOR);
  const hidden = g.conv(
    tailInput,
    { weight: weights.hiddenWeight, bias: weights.hiddenBias, dims: [design.hidden, stage.channels, 1, 1] },
    { weightName: HIDDEN_WEIGHT, biasName: HIDDEN_BIAS },
  );
  const features = g.relu(hidden, FEATURE_TENSOR);
  g.conv(
    features,
    { weight: weights.outputWeight, bias: weights.outputBias, dims: [classes, design.hidden, 1, 1] },
    { weightName: CLASSIFIER_WEIGHT, biasName: CLASSIFIER_BIAS, output: OUTPUT_TENSOR },
  );
  g.output(OUTPUT_TENSOR, ['N', classes, size.height, size.width]);
  return serializeModel(g.build({ producer: 'faultline-demo', docString: design.description }));
}
