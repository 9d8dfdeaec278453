import type { ArchitectureDesign } from './architecture.js';

/** Sees one pixel's colour and nothing else: fast, blind to shape and context. */
export const colourMlp: ArchitectureDesign = {
  name: 'colour-mlp',
  description: 'Per-pixel colour MLP: RGB → 1×1 hidden ReLU → 1×1 classifier. Receptive field 1×1.',
  hidden: 16,
  normalisation: { scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  features: (_g, input) => ({ tensor: input, channels: 3 }),
};
