import { ModelCard } from '../../shared/models/modelCard.js';
import {
  buildFeatureExtractor,
  CLASSIFIER_BIAS,
  CLASSIFIER_WEIGHT,
  FEATURE_TENSOR,
  HIDDEN_BIAS,
  HIDDEN_WEIGHT,
  INPUT_TENSOR,
  OUTPUT_TENSOR,
  TAIL_INPUT_TENSOR,
  type ArchitectureDesign,
  type ImageSize,
} from './architectures/architecture.js';
import { DEMO_CLASSES, DEMO_IGNORE_INDEX } from './classes.js';

/** The card of a demo model, validated against the shared schema: its head, and its tail (hidden layer + classifier) over the fixed features. */
export function demoModelCard(design: ArchitectureDesign, size: ImageSize, version: string): ModelCard {
  const { normalisation } = design;
  const fixedChannels = buildFeatureExtractor(design, size).channels;
  return ModelCard.parse({
    cardVersion: 1,
    name: design.name,
    version,
    description: `${design.description} Fitted on the demo world's training split.`,
    classes: DEMO_CLASSES,
    input: {
      tensorName: INPUT_TENSOR,
      width: size.width,
      height: size.height,
      resize: 'stretch',
      padColour: [0, 0, 0],
      channelOrder: 'RGB',
      layout: 'NCHW',
      dataType: 'float32',
      scale: normalisation.scale,
      mean: [...normalisation.mean],
      std: [...normalisation.std],
    },
    output: { tensorName: OUTPUT_TENSOR, kind: 'logits' },
    ignoreIndex: DEMO_IGNORE_INDEX,
    head: { featureTensor: FEATURE_TENSOR, featureChannels: design.hidden, weightInitializer: CLASSIFIER_WEIGHT, biasInitializer: CLASSIFIER_BIAS },
    tail: {
      featureTensor: TAIL_INPUT_TENSOR,
      featureChannels: fixedChannels,
      layers: [
        { weightInitializer: HIDDEN_WEIGHT, biasInitializer: HIDDEN_BIAS, relu: true },
        { weightInitializer: CLASSIFIER_WEIGHT, biasInitializer: CLASSIFIER_BIAS, relu: false },
      ],
    },
  });
}
