import { ModelCard } from '../../shared/models/modelCard.js';
import {
  CLASSIFIER_BIAS,
  CLASSIFIER_WEIGHT,
  FEATURE_TENSOR,
  INPUT_TENSOR,
  OUTPUT_TENSOR,
  type ArchitectureDesign,
  type ImageSize,
} from './architectures/architecture.js';
import { DEMO_CLASSES, DEMO_IGNORE_INDEX } from './classes.js';

/** The card of a demo model, validated against the shared schema. */
export function demoModelCard(design: ArchitectureDesign, size: ImageSize, version: string): ModelCard {
  const { normalisation } = design;
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
  });
}
