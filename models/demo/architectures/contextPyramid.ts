import type { GraphBuilder } from '../../onnx/graphBuilder.js';
import type { ArchitectureDesign, ImageSize } from './architecture.js';

/** Pooling factors: must divide both image sides so that pooling and upsampling round-trip. */
const FACTORS = [8, 16, 32];

/**
 * A constant channel holding each pixel's image row and column in [-1, 1]. It is added to a
 * zero 1×1 convolution of the input so that it takes the input's (free) batch size.
 */
function positionChannels(g: GraphBuilder, input: string, size: ImageSize): string {
  const { width, height } = size;
  const zeros = g.conv(input, { weight: new Float32Array(2 * 3), dims: [2, 3, 1, 1] });
  const position = new Float32Array(2 * width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      position[y * width + x] = ((y + 0.5) / height) * 2 - 1;
      position[width * height + y * width + x] = ((x + 0.5) / width) * 2 - 1;
    }
  }
  return g.add(zeros, g.floatInitializer(position, [1, 2, height, width]));
}

/** Colour at three pooled scales plus image position: knows "sky is up, road is down". */
export const contextPyramid: ArchitectureDesign = {
  name: 'context-pyramid',
  description: `Large context: colour, colour average-pooled over ${FACTORS.join('/')} px blocks and upsampled, and row/column position → 1×1 hidden ReLU → 1×1 classifier. Receptive field: whole image.`,
  hidden: 32,
  normalisation: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  features: (g, input, size) => {
    for (const f of FACTORS) {
      if (size.width % f !== 0 || size.height % f !== 0) throw new Error(`context-pyramid needs sides divisible by ${f}, got ${size.width}×${size.height}`);
    }
    const parts = [input, ...FACTORS.map((f) => g.upsample(g.averagePool(input, f, f), f)), positionChannels(g, input, size)];
    return { tensor: g.concat(parts), channels: 3 + 3 * FACTORS.length + 2 };
  },
};
