import type { LabelQualitySource } from '../../../shared/quality/batchSource.js';
import type { ImageBatch, QualityShape } from '../../../shared/quality/types.js';
import type { WorkingImage } from './workingImages.js';

/** Why an image of a set was left out of a run. */
export interface SkippedImage {
  imageId: number;
  reason: 'no_probabilities' | 'failed';
  message: string;
}

/**
 * The images of one run on its working grid, read again for every pass (never all at once).
 * Every call of `images` yields the same images in the same order.
 */
export interface QualityImageSource {
  readonly shape: QualityShape;
  readonly imageCount: number;
  images(signal?: AbortSignal): AsyncIterable<WorkingImage>;
  /** Images that could not be scored (known once the first pass has run). */
  skipped(): readonly SkippedImage[];
  close(): Promise<void>;
}

/** The scoring input: images packed into batches of `batchSize`, one buffer pair reused (each batch is consumed before the next). */
export function batchSource(source: QualityImageSource, batchSize: number, signal?: AbortSignal): LabelQualitySource {
  const { K, H, W } = source.shape;
  const pixels = H * W;
  return {
    shape: source.shape,
    imageCount: source.imageCount,
    async *batches(): AsyncGenerator<ImageBatch> {
      const labels = new Uint8Array(batchSize * pixels);
      const probs = new Float32Array(batchSize * K * pixels);
      let n = 0;
      for await (const image of source.images(signal)) {
        labels.set(image.labels, n * pixels);
        probs.set(image.probs, n * K * pixels);
        if (++n === batchSize) {
          yield { labels, probs };
          n = 0;
        }
      }
      if (n > 0) yield { labels: labels.subarray(0, n * pixels), probs: probs.subarray(0, n * K * pixels) };
    },
  };
}
