import type { ModelCard } from '../../shared/models/modelCard.js';
import { createCpuSession, runNchw } from '../onnx/ortSession.js';
import { rgbToNchw } from '../onnx/preprocess.js';
import { createRandom, deriveSeed } from '../random.js';
import { fitPixelMlp } from '../training/pixelMlp.js';
import { choosePixels, gatherFeatures } from '../training/samplePixels.js';
import { INPUT_TENSOR, buildFeatureExtractor, buildSegmentationModel, type ArchitectureDesign, type ImageSize } from './architectures/architecture.js';
import { DEMO_CLASS_COUNT, DEMO_IGNORE_INDEX } from './classes.js';
import { demoModelCard } from './demoModelCard.js';

/** A rendered image with its true label map, both row-major at the world's image size. */
export interface LabelledImage {
  rgb: Uint8Array;
  mask: Uint8Array;
}

export interface FittedModel {
  design: ArchitectureDesign;
  bytes: Uint8Array;
  card: ModelCard;
  trainLoss: number;
}

export interface FitSettings {
  seed: number;
  pixelsPerImage: number;
  epochs: number;
  signal?: AbortSignal;
}

const BATCH = 10;

/**
 * Fits a design's hidden layer and classifier on sampled pixels of the training images. The
 * features are computed by running the design's own fixed layers in onnxruntime, so fitting
 * sees exactly what the finished model computes.
 */
export async function fitDesign(design: ArchitectureDesign, images: readonly LabelledImage[], size: ImageSize, settings: FitSettings): Promise<FittedModel> {
  const pixels = size.width * size.height;
  const extractor = buildFeatureExtractor(design, size);
  const session = await createCpuSession(extractor.bytes);
  const channels = extractor.channels;
  const total = images.length * settings.pixelsPerImage;
  const features = new Float32Array(total * channels);
  const labels = new Uint8Array(total);
  let filled = 0;
  try {
    for (let start = 0; start < images.length; start += BATCH) {
      settings.signal?.throwIfAborted();
      const batch = images.slice(start, start + BATCH);
      const input = new Float32Array(batch.length * 3 * pixels);
      batch.forEach((img, i) => rgbToNchw(img.rgb, pixels, design.normalisation, input, i));
      const out = await runNchw(session, INPUT_TENSOR, session.outputNames[0]!, input, [batch.length, 3, size.height, size.width]);
      batch.forEach((img, i) => {
        // Same pixels for every design: the seed depends on the image, not the design.
        const chosen = choosePixels(img.mask, settings.pixelsPerImage, createRandom(deriveSeed(settings.seed, start + i)), DEMO_IGNORE_INDEX);
        gatherFeatures(out.data, channels, pixels, i, chosen, features, filled);
        for (let k = 0; k < chosen.length; k++) labels[filled + k] = img.mask[chosen[k]!]!;
        filled += chosen.length;
      });
    }
  } finally {
    await session.release();
  }
  settings.signal?.throwIfAborted();
  const fit = fitPixelMlp(
    { features: features.subarray(0, filled * channels), labels: labels.subarray(0, filled), count: filled, dims: channels },
    { hidden: design.hidden, classes: DEMO_CLASS_COUNT, epochs: settings.epochs, batchSize: 128, learningRate: 0.01, seed: deriveSeed(settings.seed, 0x5eed) },
  );
  return {
    design,
    bytes: buildSegmentationModel(design, size, fit.weights, DEMO_CLASS_COUNT),
    card: demoModelCard(design, size, '1.0.0'),
    trainLoss: fit.finalLoss,
  };
}
