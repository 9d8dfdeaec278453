import type { ImageBatch, QualityShape } from './types.js';

export type BatchStream = Iterable<ImageBatch> | AsyncIterable<ImageBatch>;

/**
 * Where a worker thread can open the same images by itself: `module` is the URL of a module exporting
 * `openRangeSource(params)` that returns a RangeSource; `params` must survive structured cloning.
 */
export interface WorkerSourceSpec {
  readonly module: string;
  readonly params: unknown;
}

/** Images that can be read by index range, any number of times. */
export interface RangeSource {
  readonly shape: QualityShape;
  readonly imageCount: number;
  /** Batches of at most `batchSize` images covering [start, end) in order. */
  batches(start: number, end: number, batchSize: number): BatchStream;
  close?(): void;
}

/**
 * The input of a scoring run: the shape, and a way to go over all images in order again for every pass
 * (two or three passes; never the whole (N, K, H, W) array at once). `worker` lets the run spread over
 * worker threads; `imageCount`, when known, makes progress report a total from the first pass.
 */
export interface LabelQualitySource {
  readonly shape: QualityShape;
  batches(): BatchStream;
  readonly imageCount?: number;
  readonly worker?: WorkerSourceSpec;
}

/** A source over batches already in memory (an array can be iterated again for each pass). */
export function memorySource(shape: QualityShape, batches: readonly ImageBatch[]): LabelQualitySource {
  return { shape, batches: () => batches };
}
