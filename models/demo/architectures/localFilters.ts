import type { ArchitectureDesign } from './architecture.js';
import { BOX, IDENTITY, LAPLACIAN, SOBEL_X, SOBEL_Y, conv3x3Weights } from './filters.js';

const FILTERS = [
  ...[0, 1, 2].map((channel) => ({ kernel: IDENTITY, channel })),
  ...[0, 1, 2].map((channel) => ({ kernel: BOX, channel })),
  { kernel: SOBEL_X, channel: 'grey' as const },
  { kernel: SOBEL_Y, channel: 'grey' as const },
  { kernel: LAPLACIAN, channel: 'grey' as const },
];

/** Colour, local blur and edges from a 3×3 neighbourhood: sees edges, no context. */
export const localFilters: ArchitectureDesign = {
  name: 'local-filters',
  description: 'Fixed 3×3 filters (colour, box blur, Sobel x/y, Laplacian) → 1×1 hidden ReLU → 1×1 classifier. Receptive field 3×3.',
  hidden: 24,
  normalisation: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  features: (g, input) => ({
    tensor: g.conv(input, { weight: conv3x3Weights(FILTERS, 3), dims: [FILTERS.length, 3, 3, 3] }),
    channels: FILTERS.length,
  }),
};
