import type { ArchitectureDesign } from './architecture.js';
import { LAPLACIAN, SOBEL_X, SOBEL_Y, conv3x3Weights } from './filters.js';

const GRADIENTS = [SOBEL_X, SOBEL_Y, LAPLACIAN].map((kernel) => ({ kernel, channel: 0 }));

/** Edge energy, local variance and blurred colour: tells foliage from sky by roughness. */
export const textureEnergy: ArchitectureDesign = {
  name: 'texture-energy',
  description: 'Texture: |Sobel x|, |Sobel y|, |Laplacian| of grey pooled over 5×5 and 8×8 blocks, 5×5 local variance, 5×5 blurred colour → 1×1 hidden ReLU → 1×1 classifier. Receptive field about 16×16.',
  hidden: 24,
  normalisation: { scale: 1 / 255, mean: [0.45, 0.45, 0.45], std: [0.25, 0.25, 0.25] },
  features: (g, input) => {
    const grey = g.conv(input, { weight: new Float32Array([1 / 3, 1 / 3, 1 / 3]), dims: [1, 3, 1, 1] });
    const edges = g.abs(g.conv(grey, { weight: conv3x3Weights(GRADIENTS, 1), dims: [3, 1, 3, 3] }));
    const localEnergy = g.averagePool(edges, 5, 1);
    const blockEnergy = g.upsample(g.averagePool(edges, 8, 8), 8);
    const mean = g.averagePool(grey, 5, 1);
    const variance = g.sub(g.averagePool(g.mul(grey, grey), 5, 1), g.mul(mean, mean));
    const colour = g.averagePool(input, 5, 1);
    return { tensor: g.concat([localEnergy, blockEnergy, variance, colour]), channels: 3 + 3 + 1 + 3 };
  },
};
